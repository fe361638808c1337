package dev.stratus.lambda.runtime;

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
    private final JavaClassDataSharing sharing;

    /** @param sharing class data sharing archives, or null to start every JVM without one */
    JavaRuntime(JavaInstallations jdks, JavaClassDataSharing sharing) {
        this.jdks = jdks;
        this.sharing = sharing;
    }

    ManagedRuntimes.Resolution resolve(String runtime, String visibleRuntimeDir) {
        int needed = Math.max(FEATURE.get(runtime), BOOTSTRAP_FEATURE);
        return jdks.atLeast(needed)
                .<ManagedRuntimes.Resolution>map(jdk -> new ManagedRuntimes.Launch(List.of("/bin/sh",
                        visibleRuntimeDir + "/java/bootstrap.sh", jdk.java().toString(), archive(jdk,
                                visibleRuntimeDir)), jdk.home(), "AWS_Lambda_" + runtime))
                .orElseGet(() -> new ManagedRuntimes.Unavailable("Runtime.InvalidEntrypoint", "Stratus runs "
                        + runtime + " on a host JDK " + needed + " or later, but found none (looked in "
                        + jdks.searched() + "); install one (or point JAVA_HOME at it) and retry"));
    }

    private String archive(JavaInstallations.Jdk jdk, String visibleRuntimeDir) {
        return sharing == null ? "" : sharing.archive(jdk).map(name -> visibleRuntimeDir + "/java/cds/" + name)
                .orElse("");
    }
}
