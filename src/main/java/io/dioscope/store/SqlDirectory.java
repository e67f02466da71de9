package io.dioscope.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of SQL files whose files are found by name, in name order: {@code queries/model/} and
 * {@code queries/rules/} as packaged (see {@link Database#resource}), and a user's {@code --rules DIR},
 * all listed by {@link #files(Path)}. Adding a step or a rule is adding a file; no list names them.
 *
 * <p>A packaged directory is a directory on disk when dioscope runs from {@code target/classes} (the
 * tests), and a folder of the jar when it runs from {@code target/dioscope.jar} or
 * {@code dioscope-standalone.jar}: that one is read through a zip file system, which this object
 * holds open until it is closed.
 */
public final class SqlDirectory implements Closeable {
    private final FileSystem zip;
    private final Path path;

    private SqlDirectory(FileSystem zip, Path path) {
        this.zip = zip;
        this.path = path;
    }

    /** The {@code .sql} files of {@code dir}, sorted by name (for files of one directory: by file name). */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
    }

    /** The packaged directory {@code name} ({@code queries/model}), wherever dioscope runs from. */
    public static SqlDirectory packaged(String name) {
        return packaged(SqlDirectory.class.getClassLoader(), name);
    }

    static SqlDirectory packaged(ClassLoader loader, String name) {
        URL url = loader.getResource(name);
        try {
            if (url == null) {
                // a jar written without directory entries: the class path entry dioscope itself came from
                URL root = SqlDirectory.class.getProtectionDomain().getCodeSource().getLocation();
                return inRoot(Path.of(root.toURI()), name);
            }
            if (url.getProtocol().equals("file")) return new SqlDirectory(null, Path.of(url.toURI()));
            if (url.getProtocol().equals("jar")) {
                JarURLConnection jar = (JarURLConnection) url.openConnection(); // parses the URL, opens nothing
                return inRoot(Path.of(jar.getJarFileURL().toURI()), jar.getEntryName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list resource directory " + name + ": " + e.getMessage(), e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot list resource directory " + name + " at " + url, e);
        }
        throw new IllegalStateException("cannot list resource directory " + name + " at " + url);
    }

    /** {@code name} under a class path entry: a directory, or a jar. */
    static SqlDirectory inRoot(Path root, String name) throws IOException {
        String relative = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        SqlDirectory d;
        if (Files.isDirectory(root)) {
            d = new SqlDirectory(null, root.resolve(relative));
        } else {
            FileSystem fs = FileSystems.newFileSystem(root);
            d = new SqlDirectory(fs, fs.getPath("/" + relative));
        }
        if (!Files.isDirectory(d.path)) {
            d.close();
            throw new IllegalStateException("missing resource directory " + name + " in " + root);
        }
        return d;
    }

    public Path path() {
        return path;
    }

    /** {@link #files(Path)} of this directory. */
    public List<Path> files() {
        try {
            return files(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (zip == null) return;
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + zip + ": " + e.getMessage(), e);
        }
    }
}
