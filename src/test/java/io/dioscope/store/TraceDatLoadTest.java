package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.dat.DatMultiplier;
import io.dioscope.model.ModelBuilder;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trace.dat loaded directly gives what its {@code trace-cmd report -t} text gives: the same events
 * with the same values in every typed column, at the same lines, and the same findings. Every pair is a
 * real recording and the report trace-cmd made of it (src/test/resources/trace-cmd/README.md).
 */
class TraceDatLoadTest {
    /** {dat, its trace-cmd report -t}. */
    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        pairs.add(Arguments.of("trace-cmd/xfs-read-overlap.dat", "captured/xfs-read-overlap.ns.report.gz"));
        for (String fs : List.of("xfs", "ext4")) {
            for (String scenario : List.of("read-overlap", "dio-overlap", "mmap-overlap", "clean", "read-disjoint",
                    "punch-overlap")) {
                String base = "trace-cmd/" + fs + "-" + scenario + ".v7-zstd";
                pairs.add(Arguments.of(base + ".dat", base + ".report.gz"));
            }
        }
        for (String variant : List.of("v6", "v6-converted", "v7-none")) {
            String base = "trace-cmd/xfs-dio-overlap." + variant;
            pairs.add(Arguments.of(base + ".dat.gz", base + ".report.gz"));
        }
        pairs.add(Arguments.of("trace-cmd/xfs-dio-overlap.v7-zlib-converted.dat",
                "trace-cmd/xfs-dio-overlap.v7-zlib-converted.report.gz"));
        pairs.add(Arguments.of("trace-cmd/xfs-dio-overlap.mono.v7-zstd.dat", "trace-cmd/xfs-dio-overlap.mono.v7-zstd.report.gz"));
        pairs.add(Arguments.of("trace-cmd/xfs-fio-lost.v7-zstd.dat", "trace-cmd/xfs-fio-lost.v7-zstd.report.gz"));
        // written by dioscope record's own reader of the raw pages (--recorder raw), reported by trace-cmd
        for (String base : List.of("trace-cmd/ext4-read-overlap.dioscope-raw", "trace-cmd/xfs-read-overlap-lost.dioscope-raw")) {
            pairs.add(Arguments.of(base + ".dat.gz", base + ".report.gz"));
        }
        return pairs.stream();
    }

    /** Every column of events but the trace's id and the raw body (trace-cmd pads some bodies differently). */
    static final String COLUMNS = "line, ts, cpu, pid, tgid, comm, irq_flags, event, dev, ino, pos, len, isize, flags, "
            + "dio_flags, aio, ret, error, done_before, pfn, sector, action, func, caller, message";

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void sameEventsAndFindingsAsItsReport(String dat, String report) throws Exception {
        sameAsText(TestTraces.path(dat), TestTraces.path(report));
    }

    /**
     * A file with a second buffer ({@code trace-cmd record -B dioscope-inst}) is two traces: the top buffer
     * as the report's lines without the instance prefix, and {@code FILE@dioscope-inst} as the report's
     * {@code dioscope-inst:} lines with the prefix removed (trace-cmd 3.1.6 cannot report one buffer).
     */
    @org.junit.jupiter.api.Test
    void eachBufferIsATraceOfItsOwn(@TempDir Path dir) throws Exception {
        String base = "trace-cmd/xfs-read-overlap.instance.v7-zstd";
        Path dat = TestTraces.path(base + ".dat");
        assertEquals(List.of(dat, Path.of(dat + "@dioscope-inst")), io.dioscope.ingest.TraceFile.traces(dat));
        List<String> top = new ArrayList<>();
        List<String> inst = new ArrayList<>();
        inst.add("cpus=2");
        for (String line : TestTraces.lines(base + ".report.gz")) {
            if (line.startsWith("dioscope-inst:")) inst.add(line.substring("dioscope-inst:".length()));
            else top.add(line);
        }
        java.nio.file.Files.write(dir.resolve("top.report"), top);
        java.nio.file.Files.write(dir.resolve("inst.report"), inst);
        sameAsText(dat, dir.resolve("top.report"));
        sameAsText(Path.of(dat + "@dioscope-inst"), dir.resolve("inst.report"));
    }

    private static void sameAsText(Path dat, Path report) throws Exception {
        try (Database db = Database.open(null)) {
            TraceLoader loader = new TraceLoader(db, LoadOptions.defaults());
            LoadedTrace fromDat = loader.load(dat, ProgressListener.NONE);
            LoadedTrace fromText = loader.load(report, ProgressListener.NONE);
            assertTrue(fromDat.events() > 0);
            String file = dat.toString().replaceFirst("@[^/]*$", "");
            assertEquals(java.nio.file.Files.size(Path.of(file)), fromDat.fileBytes(), "file_bytes is the file's size");
            assertTrue(fromDat.format().startsWith("trace.dat v"), fromDat.format());
            assertEquals(fromText.events(), fromDat.events());
            assertEquals(fromText.unparsedLines(), fromDat.unparsedLines());
            assertEquals(fromText.lostEvents(), fromDat.lostEvents());
            assertFalse(fromDat.truncated(), fromDat.truncation());
            assertEquals(List.of(), differences(db, fromDat.traceId(), fromText.traceId()), "events only in the .dat");
            assertEquals(List.of(), differences(db, fromText.traceId(), fromDat.traceId()), "events only in the text");
            ModelBuilder.build(db);
            RuleEngine.run(db, RuleSet.builtIn());
            List<String> datFindings = findings(db, fromDat.traceId());
            assertEquals(findings(db, fromText.traceId()), datFindings);
        }
    }

    private static List<String> differences(Database db, int a, int b) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM events WHERE trace_id = " + a
                        + " EXCEPT ALL SELECT " + COLUMNS + " FROM events WHERE trace_id = " + b + " ORDER BY line LIMIT 5")) {
            while (rs.next()) {
                StringBuilder s = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) s.append(rs.getString(i)).append(' ');
                out.add(s.toString());
            }
        }
        return out;
    }

    private static List<String> findings(Database db, int trace) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT rule, severity, evidence, message, conflict_lines, certain, "
                        + "confirmed_by FROM finding_details WHERE trace_id = " + trace + " ORDER BY rule, message")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | " + rs.getString(4)
                        + " | " + rs.getString(5) + " | " + rs.getString(6) + " | " + rs.getString(7));
            }
        }
        return out;
    }
}
