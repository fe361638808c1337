package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {
    @TempDir
    Path tmp;

    Path fakeJdk(String name, String version) throws IOException {
        Path home = tmp.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    ManagedRuntimes runtimes(List<Path> homes) {
        return new ManagedRuntimes(new Interpreters(""), new JavaInstallations(homes), tmp.resolve("runtimes"));
    }

    @Test
    void javaRuntimesAreSupported() {
        assertThat(ManagedRuntimes.supported("java21")).isTrue();
        assertThat(ManagedRuntimes.supported("java17")).isTrue();
        assertThat(ManagedRuntimes.supported("java11")).isTrue();
        assertThat(ManagedRuntimes.supported("java8.al2")).isTrue();
        assertThat(ManagedRuntimes.supported("java8")).isFalse();
        assertThat(ManagedRuntimes.family("java21")).contains("java");
    }

    @Test
    void withoutAJdkTheRuntimeFailsAtOnceWithTheReason() {
        var r = runtimes(List.of(tmp.resolve("nothing-here"))).resolve("java21", tmp, "/var/task", "/var/runtime");
        assertThat(r).isInstanceOfSatisfying(ManagedRuntimes.Unavailable.class, u -> {
            assertThat(u.errorType()).isEqualTo("Runtime.InvalidEntrypoint");
            assertThat(u.message()).contains("java21", "JDK 21 or later", "nothing-here");
        });
    }

    @Test
    void picksTheFirstJdkRecentEnoughForTheRuntime() throws IOException {
        Path jdk17 = fakeJdk("jdk17", "17.0.15");
        Path jdk25 = fakeJdk("jdk25", "25.0.3");
        ManagedRuntimes rt = runtimes(List.of(jdk17, jdk25));

        var java17 = (ManagedRuntimes.Launch) rt.resolve("java17", tmp, "/var/task", "/var/runtime");
        assertThat(java17.argv()).containsExactly("/bin/sh", "/var/runtime/java/bootstrap.sh",
                jdk17.toRealPath().resolve("bin/java").toString(), "");
        assertThat(tmp.resolve("runtimes").resolve(JavaRuntimeFiles.JAR)).as("written on first use").isRegularFile();
        assertThat(java17.installRoot()).isEqualTo(jdk17.toRealPath());
        assertThat(java17.executionEnv()).isEqualTo("AWS_Lambda_java17");

        var java21 = (ManagedRuntimes.Launch) rt.resolve("java21", tmp, "/var/task", "/var/runtime");
        assertThat(java21.argv().get(2)).isEqualTo(jdk25.toRealPath().resolve("bin/java").toString());
        assertThat(java21.executionEnv()).isEqualTo("AWS_Lambda_java21");

        // The bootstrap needs Java 17, so java11 functions run on the 17 too.
        var java11 = (ManagedRuntimes.Launch) rt.resolve("java11", tmp, "/var/task", "/var/runtime");
        assertThat(java11.argv().get(2)).isEqualTo(jdk17.toRealPath().resolve("bin/java").toString());
    }

    /** Distribution JDKs (Debian's) read java.security through a link into /etc, which the sandbox must show. */
    @Test
    void everyHostJdkCanLoadItsSecurityConfigurationInTheSandbox() throws Exception {
        SandboxDriver driver = SandboxDrivers.detect();
        Path runtimeDir = Files.createDirectories(tmp.resolve("runtime"));
        for (Path home : List.of(Path.of(System.getProperty("java.home")), Path.of("/usr/lib/jvm/java-17-openjdk-amd64"),
                Path.of("/usr/lib/jvm/java-21-openjdk-amd64"))) {
            if (!Files.isExecutable(home.resolve("bin/keytool"))) {
                continue;
            }
            Path real = home.toRealPath();
            var mounts = new SandboxDriver.Mounts(tmp, runtimeDir, Files.createTempDirectory(tmp, "env"), real,
                    null);
            Process p = new ProcessBuilder(driver.command(mounts, List.of(real.resolve("bin/keytool").toString(),
                    "-list", "-cacerts", "-storepass", "changeit"))).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            assertThat(out).as(driver.name() + " " + real).startsWith("Keystore type:");
        }
    }

    @Test
    void readsOldAndNewVersionStrings() throws IOException {
        assertThat(JavaInstallations.inspect(fakeJdk("jdk8", "1.8.0_292"))).get()
                .extracting(JavaInstallations.Jdk::feature).isEqualTo(8);
        assertThat(JavaInstallations.inspect(fakeJdk("jdk21", "21.0.2"))).get()
                .extracting(JavaInstallations.Jdk::feature).isEqualTo(21);
        assertThat(JavaInstallations.onHost().atLeast(Runtime.version().feature())).isPresent();
    }

    @Test
    void runtimeJarHoldsTheBootstrapAndJacksonAndIsKeptWhenUnchanged() throws Exception {
        JavaRuntimeFiles.write(tmp);
        Path jar = tmp.resolve(JavaRuntimeFiles.JAR);
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("dev/stratus/lambda/javaruntime/Bootstrap.class")).isNotNull();
            assertThat(zip.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(zip.getEntry("com/fasterxml/jackson/core/JsonFactory.class")).isNotNull();
            assertThat(zip.getEntry("com/fasterxml/jackson/annotation/JsonInclude.class")).isNotNull();
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
                    .allMatch(n -> n.startsWith("dev/stratus/lambda/javaruntime/") || n.startsWith("com/fasterxml/"));
        }
        var written = Files.getLastModifiedTime(jar);
        Files.createDirectories(tmp.resolve("java/cds"));
        Files.writeString(tmp.resolve("java/cds/jdk25-x.jsa"), "archive");
        JavaRuntimeFiles.write(tmp);
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(written);
        assertThat(tmp.resolve("java/cds/jdk25-x.jsa")).exists();
    }
}
