package dev.stratus.lambda.javaruntime;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path of the function's code, laid out as on Lambda: the task root's classes (a deployed jar is unpacked
 * there), the task root's {@code lib/*.jar}, then the layers' {@code /opt/java/lib/*.jar}. Its parent is the JDK's
 * platform loader, so the function sees neither this runtime nor its Jackson.
 */
final class FunctionClassLoader {
    private FunctionClassLoader() {
    }

    static URLClassLoader create(Path taskRoot, Path layerLib) {
        List<URL> urls = new ArrayList<>();
        urls.add(url(taskRoot));
        urls.addAll(jars(taskRoot.resolve("lib")));
        urls.addAll(jars(layerLib));
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static List<URL> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().map(FunctionClassLoader::url)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static URL url(Path p) {
        try {
            // A directory URL must end in a slash for URLClassLoader to read it as a directory.
            String s = p.toUri().toString();
            return new URL(Files.isDirectory(p) && !s.endsWith("/") ? s + "/" : s);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(p + File.pathSeparator, e);
        }
    }
}
