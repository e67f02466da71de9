package io.dioscope.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Directories of SQL files whose files are found by name, in name order: {@code queries/model/} and
 * {@code queries/rules/} as packaged (read them with {@link Database#resource}), and a user's
 * {@code --rules DIR}. Adding a step or a rule is adding a file; no list names them.
 *
 * <p>A packaged directory is a directory on disk when dioscope runs from {@code target/classes} (the
 * tests), and a folder of the jar when it runs from {@code target/dioscope.jar} or
 * {@code dioscope-standalone.jar}; there its entries are listed with {@link JarFile}, which the JVM
 * has loaded already to start (a zip file system would cost some 100 ms more at each start).
 */
public final class SqlDirectory {
    private static final String SUFFIX = ".sql";

    private SqlDirectory() {}

    /** The {@code .sql} files of {@code dir}, sorted by name (for files of one directory: by file name). */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /**
     * The names of the {@code .sql} files of the packaged directory {@code dir} ({@code queries/model}),
     * sorted, wherever dioscope runs from; {@code dir + "/" + name} is the resource.
     */
    public static List<String> packaged(String dir) {
        return packaged(SqlDirectory.class.getClassLoader(), dir);
    }

    static List<String> packaged(ClassLoader loader, String dir) {
        List<String> names = list(loader, dir);
        if (names.isEmpty()) throw new IllegalStateException("no .sql files in resource directory " + dir);
        return names;
    }

    private static List<String> list(ClassLoader loader, String dir) {
        URL url = loader.getResource(dir);
        try {
            if (url == null) {
                // a jar written without directory entries: list the class path entry dioscope came from
                URL root = SqlDirectory.class.getProtectionDomain().getCodeSource().getLocation();
                return inRoot(Path.of(root.toURI()), dir);
            }
            if (url.getProtocol().equals("file")) return names(files(Path.of(url.toURI())));
            if (url.getProtocol().equals("jar")) {
                JarURLConnection jar = (JarURLConnection) url.openConnection(); // parses the URL, opens nothing
                return inRoot(Path.of(jar.getJarFileURL().toURI()), jar.getEntryName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list resource directory " + dir + ": " + e.getMessage(), e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot list resource directory " + dir + " at " + url, e);
        }
        throw new IllegalStateException("cannot list resource directory " + dir + " at " + url);
    }

    /**
     * The {@code .sql} files of {@code dir} under a class path entry (a directory, or a jar), by name;
     * none when there is no such directory.
     */
    static List<String> inRoot(Path root, String dir) throws IOException {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        if (Files.isDirectory(root)) {
            Path d = root.resolve(prefix);
            return Files.isDirectory(d) ? names(files(d)) : List.of();
        }
        try (JarFile jar = new JarFile(root.toFile())) {
            return jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0 && n.endsWith(SUFFIX))
                    .map(n -> n.substring(prefix.length()))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
