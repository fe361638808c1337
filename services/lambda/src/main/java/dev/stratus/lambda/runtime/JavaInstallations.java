package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the host JDKs the java* runtimes run on: the JVM Stratus runs on first (always recent enough for the runtimes
 * Stratus knows), then {@code JAVA_HOME}, then the installs under {@code /usr/lib/jvm}. A home's version is read from
 * its {@code release} file, so finding one starts no process.
 */
public final class JavaInstallations {
    /** A JDK (or JRE): its home directory, real path, and feature version (8, 11, 17, 21, ...). */
    public record Jdk(Path home, int feature) {
        public Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");
    private final List<Path> candidates;

    JavaInstallations(List<Path> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** The usual places on this host. */
    public static JavaInstallations onHost() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
            s.sorted().forEach(homes::add);
        } catch (IOException e) {
            // no system JDKs
        }
        return new JavaInstallations(homes);
    }

    /** The first usable JDK whose version is at least {@code feature}. */
    public Optional<Jdk> atLeast(int feature) {
        Set<Path> seen = new LinkedHashSet<>();
        for (Path candidate : candidates) {
            Optional<Jdk> jdk = inspect(candidate);
            if (jdk.isPresent() && seen.add(jdk.get().home()) && jdk.get().feature() >= feature) {
                return jdk;
            }
        }
        return Optional.empty();
    }

    /** What was searched, for the error that says no JDK fits. */
    public String searched() {
        return String.join(", ", candidates.stream().map(Path::toString).toList());
    }

    static Optional<Jdk> inspect(Path home) {
        try {
            Path real = home.toRealPath();
            if (!Files.isExecutable(real.resolve("bin/java"))) {
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(real.resolve("release")));
            return m.find() ? Optional.of(new Jdk(real, Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
