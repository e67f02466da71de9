package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs as a CI job or a post-mortem gives them (issue 13, batch): a directory of real traces, searched
 * recursively for trace files, with the files beside them that are not traces left alone and an
 * unreadable trace reported; and a trace on the standard input.
 */
class BatchInputsTest {
    @Test
    void aDirectoryIsEveryTraceFileUnderIt(@TempDir Path dir) throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs/xfs"));
        Files.copy(TestTraces.path("corpus/xfs-dio-overlap.trace.gz"), runs.resolve("xfs-dio-overlap.trace.gz"));
        Files.copy(TestTraces.path("corpus/xfs-dio-overlap.extents"), runs.resolve("xfs-dio-overlap.extents"));
        Files.copy(TestTraces.path("corpus/xfs-dio-overlap.truth"), runs.resolve("xfs-dio-overlap.truth"));
        Path ext4 = Files.createDirectories(dir.resolve("runs/ext4"));
        Files.copy(TestTraces.path("corpus/ext4-clean.trace.gz"), ext4.resolve("ext4-clean.trace.gz"));
        Files.copy(TestTraces.path("trace-cmd/xfs-read-overlap.instance.v7-zstd.dat"), ext4.resolve("inst.dat"));
        // a real file that is not a trace, named like one: the corpus's extent map
        Files.copy(TestTraces.path("corpus/ext4-clean.extents"), ext4.resolve("broken.trace"));

        Cli r = Cli.run("load", dir.resolve("runs").toString());
        assertEquals(ExitCode.ERROR, r.exitCode, "an unreadable input fails the run:\n" + r);
        // in name order: ext4/ before xfs/; the instance right after its file
        int clean = r.out.indexOf("ext4/ext4-clean.trace.gz");
        int inst = r.out.indexOf("ext4/inst.dat (trace.dat v7 zstd)");
        int instance = r.out.indexOf("ext4/inst.dat@dioscope-inst");
        int dio = r.out.indexOf("xfs/xfs-dio-overlap.trace.gz");
        assertTrue(clean >= 0 && clean < inst && inst < instance && instance < dio, r.toString());
        assertTrue(r.err.contains("broken.trace:1: not a kernel trace"), r.err);
        assertTrue(Cli.run("analyze", dir.resolve("runs").toString()).out.contains(
                "broken.trace: line 1: not a kernel trace"), "the path once, then where in it");
        assertTrue(!r.out.contains(".extents") && !r.out.contains(".truth"), "files that are not traces are not inputs");

        Cli analyze = Cli.run("analyze", dir.resolve("runs").toString());
        assertEquals(ExitCode.ERROR, analyze.exitCode, analyze.toString());
        String table = analyze.out.substring(analyze.out.indexOf("Traces"), analyze.out.indexOf("Rules"));
        assertTrue(table.matches("(?s).*ext4/ext4-clean\\.trace\\.gz +1,149 +65 +0 +0 +0 +complete +pass \\(exit 0\\).*"), table);
        assertTrue(table.matches("(?s).*xfs/xfs-dio-overlap\\.trace\\.gz .* complete +pass \\(exit 0\\).*"), table);
        assertTrue(table.matches("(?s).*ext4/broken\\.trace .* unreadable +unreadable-input \\(exit 2\\).*"), table);
        assertTrue(analyze.out.matches("(?s).*: trace [0-9]+ \\((ext4|xfs)/[^)]+\\), direct write at line .*"),
                "findings name their file:\n" + analyze.out);

        Cli only = Cli.run("load", "--glob", "*.dat", dir.resolve("runs").toString());
        assertEquals(ExitCode.OK, only.exitCode, only.toString());
        assertTrue(only.out.contains("inst.dat@dioscope-inst") && !only.out.contains("ext4-clean"), only.out);

        Cli none = Cli.run("load", "--glob", "*.nothing", dir.resolve("runs").toString());
        assertEquals(ExitCode.ERROR, none.exitCode, none.toString());
        assertTrue(none.err.contains("runs: no trace files in this directory (none matches --glob *.nothing)"), none.err);
    }

    @Test
    void theStandardInputIsATrace() throws Exception {
        byte[] text;
        try (InputStream in = Files.newInputStream(TestTraces.path("corpus/xfs-mmap-overlap.trace.gz"))) {
            text = new java.util.zip.GZIPInputStream(in).readAllBytes();
        }
        Cli r = withStdin(text, "analyze", "-");
        assertEquals(1, r.exitCode, "the mmap race is found:\n" + r);
        assertTrue(r.out.contains("trace 1: - (ftrace)"), r.out);
        Cli twice = Cli.run("load", "-", "-");
        assertEquals(ExitCode.ERROR, twice.exitCode, twice.toString());
        assertTrue(twice.err.contains("'-' (the standard input) can be read only once"), twice.err);
    }

    /** {@code trace-cmd report -i X.dat | dioscope analyze -}, when trace-cmd is installed. */
    @Test
    void traceCmdReportThroughTheStandardInput() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("trace-cmd", "report", "-i",
                    TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "trace-cmd is not installed: " + e.getMessage());
            return;
        }
        byte[] report = p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "trace-cmd report failed");
        Cli fromPipe = withStdin(report, "analyze", "-");
        Cli fromDat = Cli.run("analyze", TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat").toString());
        assertEquals(fromDat.exitCode, fromPipe.exitCode, fromPipe.toString());
        assertTrue(fromPipe.out.contains("trace 1: - (trace-cmd)"), fromPipe.out);
        // the rule table (the findings' own times differ: trace-cmd report prints microseconds, a .dat has nanoseconds)
        String rules = fromPipe.out.substring(fromPipe.out.indexOf("Rules"), fromPipe.out.indexOf("Worst findings"));
        assertTrue(fromDat.out.contains(rules), "the same rule table as from the .dat:\n" + rules + "\n" + fromDat.out);
    }

    private static Cli withStdin(byte[] bytes, String... args) {
        InputStream saved = System.in;
        System.setIn(new java.io.ByteArrayInputStream(bytes));
        try {
            return Cli.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    /**
     * JUnit for a directory: a suite per trace named by its path under the common root (two files of the
     * same name in two folders are two suites), classnames without the file name's dots, the load's time,
     * and an error suite for the unreadable input.
     */
    @Test
    void junitOfADirectoryNamesSuitesByTheirRelativePath(@TempDir Path dir) throws Exception {
        Path xfs = Files.createDirectories(dir.resolve("runs/xfs"));
        Path ext4 = Files.createDirectories(dir.resolve("runs/ext4"));
        Files.copy(TestTraces.path("corpus/xfs-clean.trace.gz"), xfs.resolve("clean.trace.gz"));
        Files.copy(TestTraces.path("corpus/ext4-clean.trace.gz"), ext4.resolve("clean.trace.gz"));
        Files.copy(TestTraces.path("corpus/ext4-clean.extents"), ext4.resolve("broken.trace"));
        Path xml = dir.resolve("out.xml");
        Cli r = Cli.run("analyze", "--format", "junit", "-o", xml.toString(), dir.resolve("runs").toString());
        assertEquals(ExitCode.ERROR, r.exitCode, r.toString());
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(xml.toFile());
        org.w3c.dom.NodeList suites = doc.getElementsByTagName("testsuite");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < suites.getLength(); i++) {
            org.w3c.dom.Element s = (org.w3c.dom.Element) suites.item(i);
            names.add(s.getAttribute("name") + " " + ((org.w3c.dom.Element) s.getElementsByTagName("testcase").item(0))
                    .getAttribute("classname") + " errors=" + s.getAttribute("errors"));
            if (s.getAttribute("name").endsWith("clean.trace.gz")) {
                assertTrue(Double.parseDouble(s.getAttribute("time")) > 0, "the suite's time is its load's");
            }
        }
        assertEquals(java.util.List.of(
                "ext4/clean.trace.gz dioscope.ext4.clean_trace_gz errors=0",
                "xfs/clean.trace.gz dioscope.xfs.clean_trace_gz errors=0",
                "ext4/broken.trace dioscope.ext4.broken_trace errors=1",
                "dioscope dioscope errors=0"), names);
    }
}
