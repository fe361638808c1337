package dev.stratus.lambda.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.time.LocalDateTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the class path of the java* runtimes, {@code java/runtime.jar}: the bootstrap (module
 * stratus-lambda-java-runtime) and the Jackson it serializes with, copied out of Stratus's own class path, wherever
 * that is (class directories, separate jars, or one shaded jar). The function's JVM sees nothing else of Stratus.
 */
final class JavaRuntimeFiles {
    static final String BOOTSTRAP_CLASS = "dev.stratus.lambda.javaruntime.Bootstrap";
    static final String JAR = "java/runtime.jar";
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** A package to copy, found from one of its classes. */
    private record Part(Class<?> anchor, String prefix) {
    }

    private JavaRuntimeFiles() {
    }

    /** Writes {@code runtime.jar} under {@code runtimeDir} (replacing an older one). */
    static void write(Path runtimeDir) {
        Path target = runtimeDir.resolve(JAR);
        try {
            Class<?> bootstrap = Class.forName(BOOTSTRAP_CLASS, false, JavaRuntimeFiles.class.getClassLoader());
            List<Part> parts = List.of(new Part(bootstrap, "dev/stratus/lambda/javaruntime/"),
                    new Part(ObjectMapper.class, "com/fasterxml/jackson/databind/"),
                    new Part(JsonFactory.class, "com/fasterxml/jackson/core/"),
                    new Part(JsonInclude.class, "com/fasterxml/jackson/annotation/"));
            // In a shaded Stratus every part lives in the same big jar: each source is read once, for all its parts.
            Map<Path, List<String>> prefixes = new LinkedHashMap<>();
            for (Part part : parts) {
                prefixes.computeIfAbsent(location(part.anchor()), l -> new ArrayList<>()).add(part.prefix());
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "runtime", ".jar.tmp");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                Set<String> written = new HashSet<>();
                for (var source : prefixes.entrySet()) {
                    copy(source.getKey(), source.getValue(), zip, written);
                }
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions stand
            }
            if (Files.isRegularFile(target) && Files.mismatch(tmp, target) == -1) {
                // Unchanged: the jar keeps its timestamp, which the class data sharing archives are checked against.
                Files.delete(tmp);
                return;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteArchives(runtimeDir.resolve("java/cds"));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Java runtime bootstrap is missing from Stratus's class path", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Java runtime into " + target, e);
        }
    }

    private static void deleteArchives(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Path location(Class<?> anchor) throws IOException {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("no code source for " + anchor.getName());
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static void copy(Path from, List<String> prefixes, ZipOutputStream zip, Set<String> written)
            throws IOException {
        if (Files.isDirectory(from)) {
            for (String prefix : prefixes) {
                Path root = from.resolve(prefix);
                try (Stream<Path> s = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                        String name = prefix + root.relativize(p).toString().replace('\\', '/');
                        if (name.endsWith(".class") && written.add(name)) {
                            stored(zip, name, Files.readAllBytes(p));
                        }
                    }
                }
            }
            return;
        }
        try (ZipFile jar = new ZipFile(from.toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                // Base entries only (META-INF/versions is skipped): they run on every JDK the runtimes use.
                if (name.endsWith(".class") && startsWithAny(name, prefixes) && written.add(name)) {
                    try (InputStream in = jar.getInputStream(e)) {
                        stored(zip, name, in.readAllBytes());
                    }
                }
            }
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Entries are stored uncompressed: the JVM then reads classes without inflating them at every cold start. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setTimeLocal(FIXED_TIME); // the same classes make the same jar, byte for byte
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
