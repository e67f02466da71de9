package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.model.ModelBuilder;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model steps and built-in rules are found by listing their packaged directory: on disk under
 * {@code target/classes} (as here) and inside a jar (as {@code target/dioscope.jar} runs), which these
 * tests build themselves, with and without the directory entries a jar may or may not have. A
 * packaged directory with no {@code .sql} file is a broken build, refused.
 */
class SqlDirectoryTest {

    /** The {@code .sql} files of the source directory {@code queries/<sub>}, by name. */
    private static List<String> sourceFiles(String sub) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("queries", sub))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void theModelStepsAreEveryFileOfQueriesModelInNameOrder() throws Exception {
        List<String> steps = ModelBuilder.steps();
        assertEquals(sourceFiles("model"), steps);
        assertTrue(steps.size() > 5, steps.toString());
        assertEquals(sourceFiles("rules"), SqlDirectory.packaged("queries/rules"));
    }

    @Test
    void aPackagedDirectoryIsListedFromInsideAJar(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("with dirs.jar"); // a space: the jar's URL is escaped
        writeJar(jar, true);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals("jar", loader.getResource("queries/model").getProtocol());
            assertEquals(List.of("00_first.sql", "05_macros.sql", "10_b.sql"), SqlDirectory.packaged(loader, "queries/model"));
            assertThrows(IllegalStateException.class, () -> SqlDirectory.packaged(loader, "queries/old"));
        }
    }

    @Test
    void aJarWithoutDirectoryEntriesIsListedToo(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("no-dirs.jar");
        writeJar(jar, false);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(null, loader.getResource("queries/model")); // so the class path entry is listed
        }
        assertEquals(List.of("00_first.sql", "05_macros.sql", "10_b.sql"), SqlDirectory.inRoot(jar, "queries/model"));
        assertEquals(List.of(), SqlDirectory.inRoot(jar, "queries/nothing"));
    }

    /** A jar whose queries/model has steps out of order, a non-SQL file and a subdirectory. */
    private static void writeJar(Path jar, boolean directoryEntries) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            if (directoryEntries) {
                for (String dir : new String[] {"queries/", "queries/model/", "queries/model/old/", "queries/old/"}) {
                    zip.putNextEntry(new ZipEntry(dir));
                    zip.closeEntry();
                }
            }
            for (String file : new String[] {"queries/model/10_b.sql", "queries/model/README.md",
                    "queries/model/00_first.sql", "queries/model/old/01_gone.sql", "queries/model/05_macros.sql",
                    "queries/schema.sql"}) {
                zip.putNextEntry(new ZipEntry(file));
                zip.write("SELECT 1;\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
