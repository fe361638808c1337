package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Class data sharing archives for the java* runtimes, one per host JDK: a training run of the bootstrap records the
 * classes it loads (its own, Jackson's, the JDK's), and later JVMs map them instead of loading and verifying them,
 * which roughly halves the CPU a cold start spends before the handler runs. The first cold start on a JDK starts the
 * training in the background and runs without the archive.
 */
final class JavaClassDataSharing {
    /** The JVM flags the archive is made with; they must agree with {@code java/bootstrap.sh}. */
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-XX:MaxHeapSize=256m");
    private static final long TRAINING_TIMEOUT_SECONDS = 60;

    private final Path runtimeDir;
    private final Map<Path, Boolean> started = new ConcurrentHashMap<>();
    private final Map<Path, String> names = new ConcurrentHashMap<>();

    /** @param runtimeDir the host directory the runtimes were unpacked into */
    JavaClassDataSharing(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
    }

    /**
     * The archive's name under {@code java/cds/} when it is ready for {@code jdk}; otherwise empty, and a training
     * run is started unless one already ran.
     */
    Optional<String> archive(JavaInstallations.Jdk jdk) {
        String name = names.computeIfAbsent(jdk.home(), home -> "jdk" + jdk.feature() + "-" + build(home) + ".jsa");
        Path archive = runtimeDir.resolve("java/cds").resolve(name);
        if (Files.isRegularFile(archive)) {
            return Optional.of(name);
        }
        if (started.putIfAbsent(jdk.home(), Boolean.TRUE) == null) {
            Thread.ofVirtual().name("lambda-java-cds").start(() -> train(jdk, archive));
        }
        return Optional.empty();
    }

    /** Tells JDK builds apart: an archive only fits the exact build that made it. */
    private static String build(Path home) {
        String id = home.toString();
        try {
            id += Files.readString(home.resolve("release"));
        } catch (IOException e) {
            // the home alone
        }
        return HexFormat.of().toHexDigits(id.hashCode());
    }

    private void train(JavaInstallations.Jdk jdk, Path archive) {
        try {
            Files.createDirectories(archive.getParent());
            Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
            List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
            command.addAll(FLAGS);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp,
                    "-cp", runtimeDir.resolve(JavaRuntimeFiles.JAR).toString(), JavaRuntimeFiles.BOOTSTRAP_CLASS,
                    "--train"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return;
            }
            if (p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // no archive: cold starts only take longer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
