package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report shows raw trace lines read back from the file at the trace's path: only when that
 * file is still the one loaded (same size, same SHA-256), else it says so instead of showing another
 * file's lines.
 */
class ReportRawLinesTest {
    private static final Path MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz");
    private static final Path READ = TestTraces.path("corpus/ext4-read-overlap.trace.gz");

    private static Element firstFinding(Path report) throws Exception {
        Document doc = Jsoup.parse(report.resolve("index.html").toFile(), "UTF-8");
        return doc.selectFirst("section.finding");
    }

    @Test
    void linesComeOnlyFromTheFileThatWasLoaded(@TempDir Path dir) throws Exception {
        Path trace = Files.copy(MMAP, dir.resolve("t.trace.gz"));
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, trace.toString()).exitCode);

        Path same = dir.resolve("same");
        assertEquals(1, Cli.run("report", "--db", db, "-o", same.toString(), "--charts", "0").exitCode, "findings");
        Element unchanged = firstFinding(same);
        assertTrue(unchanged.selectFirst("table.raw").text().contains("mm_filemap_fault: dev=7:0 ino=83"));
        assertFalse(unchanged.text().contains("lines unavailable"));

        // another real trace now at the same path
        Files.copy(READ, trace, StandardCopyOption.REPLACE_EXISTING);
        Path replaced = dir.resolve("replaced");
        Cli r = Cli.run("report", "--db", db, "-o", replaced.toString(), "--charts", "0");
        assertEquals(1, r.exitCode, r.toString());
        Element f = firstFinding(replaced);
        assertTrue(f.text().contains("Lines unavailable: the file changed since it was loaded (" + trace + ")."), f.text());
        assertFalse(f.selectFirst("table.raw").text().contains("mm_filemap_fault"), "none of the other file's lines");
        assertTrue(f.selectFirst("table.raw").text().contains("(lines unavailable: the file changed since it was loaded)"));

        // the same size, one byte different: the hash tells
        Files.copy(MMAP, trace, StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(trace);
        bytes[bytes.length - 1] ^= 1;
        Files.write(trace, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        Path flipped = dir.resolve("flipped");
        assertEquals(1, Cli.run("report", "--db", db, "-o", flipped.toString(), "--charts", "0").exitCode);
        assertTrue(firstFinding(flipped).text().contains("the file changed since it was loaded"));

        Files.delete(trace);
        Path gone = dir.resolve("gone");
        assertEquals(1, Cli.run("report", "--db", db, "-o", gone.toString(), "--charts", "0").exitCode);
        assertTrue(firstFinding(gone).text().contains("Lines unavailable: " + trace + " is no longer there"));
    }

    /**
     * A trace.dat has no lines of its own: the report shows each record as it was loaded (the text
     * trace-cmd report prints) followed by its place in the file; for an instance, its own records.
     */
    @Test
    void aTraceDatShowsRenderedRecordsWithTheirPositions(@TempDir Path dir) throws Exception {
        Path dat = Files.copy(TestTraces.path("trace-cmd/xfs-read-overlap.instance.v7-zstd.dat"), dir.resolve("i.dat"));
        String db = dir.resolve("t.db").toString();
        Cli load = Cli.run("load", "--db", db, dat.toString());
        assertEquals(0, load.exitCode, load.toString());
        assertTrue(load.out.contains("i.dat@dioscope-inst (trace.dat v7 zstd, instance dioscope-inst)"), load.out);
        Path out = dir.resolve("report");
        Cli r = Cli.run("report", "--db", db, "-o", out.toString(), "--charts", "0");
        assertEquals(0, r.exitCode, r.toString());
        Document doc = Jsoup.parse(out.resolve("index.html").toFile(), "UTF-8");
        String raw = doc.select("table.raw").text();
        assertFalse(doc.text().contains("lines unavailable"), "both buffers' lines are read back");
        assertTrue(raw.matches("(?s).*iomap_dio_rw_begin: dev 7:0 ino 0x83 .* <CPU \\d, page \\d+, record \\d+>.*"), raw);
    }

    /**
     * {@code trace | dioscope analyze - --html DIR}: the standard input is copied as it is read, so the
     * report of that run shows its lines; a later report from the database cannot, and says why.
     */
    @Test
    void linesOfTheStandardInputComeFromItsCopy(@TempDir Path dir) throws Exception {
        byte[] gzipped = Files.readAllBytes(MMAP); // compressed on the pipe, as `zcat`-less users send it
        Path html = dir.resolve("html");
        String db = dir.resolve("t.db").toString();
        java.io.InputStream saved = System.in;
        Cli r;
        System.setIn(new java.io.ByteArrayInputStream(gzipped));
        try {
            r = Cli.run("analyze", "--db", db, "--html", html.toString(), "--charts", "0", "-");
        } finally {
            System.setIn(saved);
        }
        assertEquals(1, r.exitCode, r.toString());
        Element f = firstFinding(html);
        assertTrue(f.selectFirst("table.raw").text().contains("mm_filemap_fault: dev=7:0 ino=83"), f.text());
        assertFalse(f.text().contains("lines unavailable"), f.text());

        // another run (another process, as far as the copy goes, once it holds other bytes)
        Path later = dir.resolve("later");
        System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(READ)));
        try {
            assertEquals(0, Cli.run("load", "-").exitCode, "the copy now holds another trace");
        } finally {
            System.setIn(saved);
        }
        assertEquals(1, Cli.run("report", "--db", db, "-o", later.toString(), "--charts", "0").exitCode);
        assertTrue(firstFinding(later).text().contains("lines unavailable: the trace was read from the standard input"
                + " (its lines can be shown only by the run that read it)"), firstFinding(later).text());
    }
}
