package dev.stratus.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Builds Java Lambda deployment packages in a test: compiles handler sources against aws-lambda-java-core, then lays
 * them out as a zip (classes at the root, libraries in lib/) or as a single fat jar.
 */
final class JavaFunctions {
    /** Sources and classes of this test run, removed when the test JVM exits. */
    private static final Path WORK = workDirectory();

    private JavaFunctions() {
    }

    private static Path workDirectory() {
        try {
            Path dir = Files.createTempDirectory("java-fn-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** aws-lambda-java-core, which functions package with their code. */
    static Path coreJar() {
        return jarOf(Context.class);
    }

    /** The jar a class of the test class path comes from. */
    static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (path under the source root to text) for Java {@code release}. */
    static Path compile(int release, Map<String, String> sources) {
        return compile(release, sources, List.of(coreJar()));
    }

    /** Compiles {@code sources} against {@code libraries}. */
    static Path compile(int release, Map<String, String> sources, List<Path> libraries) {
        try {
            Path src = Files.createTempDirectory(WORK, "src");
            Path out = Files.createTempDirectory(WORK, "classes");
            List<String> options = List.of("--release", Integer.toString(release), "-g", "-d", out.toString(),
                    "-cp", String.join(java.io.File.pathSeparator, libraries.stream().map(Path::toString).toList()));
            List<String> files = new ArrayList<>();
            for (var e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            boolean ok = javac.getTask(errors, null, null, options, null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(files)).call();
            if (!ok) {
                throw new IllegalStateException("handler sources do not compile:\n" + errors);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Lambda zip layout: classes at the root and aws-lambda-java-core in lib/. */
    static SdkBytes zipWithLib(Path classes) {
        return zipWithLib(classes, List.of(coreJar()));
    }

    /** The Lambda zip layout: classes at the root and {@code libraries} in lib/. */
    static SdkBytes zipWithLib(Path classes, List<Path> libraries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            addTree(z, classes);
            for (Path jar : libraries) {
                z.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                z.write(Files.readAllBytes(jar));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /** A fat jar, as the shade or assembly plugins build one: the library's classes merged with the function's. */
    static SdkBytes fatJar(Path classes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\r\n\r\n".getBytes());
            z.closeEntry();
            addTree(z, classes);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(coreJar()))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (!e.isDirectory() && e.getName().endsWith(".class")) {
                        z.putNextEntry(new ZipEntry(e.getName()));
                        in.transferTo(z);
                        z.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /**
     * A custom runtime's package: an executable {@code bootstrap} script, the classes at the root and the given jars
     * in lib/.
     */
    static SdkBytes zipWithBootstrap(Path classes, String bootstrap, List<Path> jars) {
        try {
            Path zip = Files.createTempFile("java-fn-", ".zip");
            Files.delete(zip);
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                Path script = fs.getPath("/bootstrap");
                Files.writeString(script, bootstrap);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                try (Stream<Path> s = Files.walk(classes)) {
                    for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                        Path target = fs.getPath("/" + classes.relativize(p).toString().replace('\\', '/'));
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target);
                    }
                }
                Files.createDirectories(fs.getPath("/lib"));
                for (Path jar : jars) {
                    Files.copy(jar, fs.getPath("/lib/" + jar.getFileName()));
                }
            }
            byte[] bytes = Files.readAllBytes(zip);
            Files.delete(zip);
            return SdkBytes.fromByteArray(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTree(ZipOutputStream z, Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                z.putNextEntry(new ZipEntry(root.relativize(p).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
    }
}
