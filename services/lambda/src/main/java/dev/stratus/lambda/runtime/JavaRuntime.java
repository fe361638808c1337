package dev.stratus.lambda.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the java* managed runtimes start: {@code java/bootstrap.sh} (shipped in Stratus) runs the bootstrap of module
 * stratus-lambda-java-runtime on a host JDK at least as recent as the runtime's Java version.
 */
final class JavaRuntime {
    static final Pattern PATTERN = Pattern.compile("java(8\\.al2|11|17|21)");
    /** The bootstrap is compiled for Java 17, so older runtimes run on a 17 or later JDK too. */
    static final int BOOTSTRAP_FEATURE = 17;
    private static final Map<String, Integer> FEATURE = Map.of("java8.al2", 8, "java11", 11, "java17", 17,
            "java21", 21);

    private final JavaInstallations jdks;
    private final Path runtimeDir;
    private final JavaClassDataSharing sharing;
    private String filesProblem;
    private boolean filesWritten;

    /** @param runtimeDir the host directory of the shipped runtimes, or null when there is none */
    JavaRuntime(JavaInstallations jdks, Path runtimeDir) {
        this.jdks = jdks;
        this.runtimeDir = runtimeDir;
        this.sharing = runtimeDir == null ? null : new JavaClassDataSharing(runtimeDir);
    }

    ManagedRuntimes.Resolution resolve(String runtime, String visibleRuntimeDir) {
        String problem = writeFiles();
        if (problem != null) {
            return new ManagedRuntimes.Unavailable("Runtime.InvalidEntrypoint", problem);
        }
        int needed = Math.max(FEATURE.get(runtime), BOOTSTRAP_FEATURE);
        return jdks.atLeast(needed)
                .<ManagedRuntimes.Resolution>map(jdk -> new ManagedRuntimes.Launch(List.of("/bin/sh",
                        visibleRuntimeDir + "/java/bootstrap.sh", jdk.java().toString(), archive(jdk,
                                visibleRuntimeDir)), jdk.home(), "AWS_Lambda_" + runtime))
                .orElseGet(() -> new ManagedRuntimes.Unavailable("Runtime.InvalidEntrypoint", "Stratus runs "
                        + runtime + " on a host JDK " + needed + " or later, but found none (looked in "
                        + jdks.searched() + "); install one (or point JAVA_HOME at it) and retry"));
    }

    /**
     * Writes {@code java/runtime.jar} on the first cold start of a Java function rather than at Stratus's start:
     * copying it out of a shaded Stratus jar takes a few hundred milliseconds that users of other runtimes need not
     * pay. Returns why the files are missing, or null.
     */
    private synchronized String writeFiles() {
        if (filesWritten || filesProblem != null) {
            return filesProblem;
        }
        if (runtimeDir == null) {
            return filesProblem = "this Stratus was set up without a directory for the Java runtime's files";
        }
        try {
            JavaRuntimeFiles.write(runtimeDir);
            filesWritten = true;
        } catch (RuntimeException e) {
            filesProblem = "cannot prepare the Java runtime: " + e.getMessage();
        }
        return filesProblem;
    }

    private String archive(JavaInstallations.Jdk jdk, String visibleRuntimeDir) {
        return sharing == null ? "" : sharing.archive(jdk).map(name -> visibleRuntimeDir + "/java/cds/" + name)
                .orElse("");
    }
}
