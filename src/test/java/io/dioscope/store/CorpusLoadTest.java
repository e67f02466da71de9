package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real trace loads with every line accounted for: for each event name, the rows in the
 * database equal the lines of the file that name that event, counted here independently with a
 * regular expression (the loader itself uses none); the lines of perf's call chains are frames.
 */
class CorpusLoadTest {
    static Stream<String> traces() {
        return Stream.of(
                "corpus/xfs-clean.trace.gz", "corpus/xfs-dio-overlap.trace.gz", "corpus/xfs-mmap-overlap.trace.gz",
                "corpus/xfs-punch-overlap.trace.gz", "corpus/xfs-read-disjoint.trace.gz",
                "corpus/xfs-read-overlap.trace.gz", "corpus/ext4-clean.trace.gz", "corpus/ext4-dio-overlap.trace.gz",
                "corpus/ext4-mmap-overlap.trace.gz", "corpus/ext4-punch-overlap.trace.gz",
                "corpus/ext4-read-disjoint.trace.gz", "corpus/ext4-read-overlap.trace.gz",
                "corpus/ext4-1k/ext4-bwrite-subpage.trace.gz", "corpus/ext4-1k/ext4-extend-tail-read.trace.gz",
                "corpus/blk/xfs-read-overlap.trace.gz", "corpus/fio/xfs-fio-mixed.trace.gz",
                "corpus/k61/k61-ext4-clean.trace.gz", "corpus/k61/k61-ext4-read-overlap.trace.gz",
                "corpus/k61/k61-xfs-mmap-overlap.trace.gz", "corpus/k61/k61-xfs-read-overlap.trace.gz",
                "corpus/trace-cmd/xfs-read-overlap.report.gz", "corpus/perf/xfs-read-overlap.perfscript.gz",
                "captured/xfs-read-overlap.latency.report.gz", "captured/xfs-read-overlap.latency-ns.report.gz",
                "captured/xfs-noirq-tgid.trace.gz", "captured/xfs-pipe-lost.trace.gz", "captured/xfs-overrun.trace.gz",
                "captured/xfs-blk-tracer.trace.gz", "captured/xfs-pidtid.perfscript.gz",
                "captured/space-ops-and-faults.trace.gz", "captured/xfs-read-overlap-callchains.perfscript.gz");
    }

    // the timestamp column, then what names the line: "event:", "system:event:", a blk device, "func <-"
    private static final Pattern EVENT = Pattern.compile("\\s\\d+(?:\\.\\d+)?:\\s+(?:[\\w.]+:)?([\\w.]+):(?:\\s|$)");
    private static final Pattern BLK = Pattern.compile("\\s\\d+\\.\\d+:\\s+\\d+,\\d+\\s");
    private static final Pattern FUNCTION = Pattern.compile("\\s\\d+\\.\\d+:\\s+[\\w.]+ <-");

    static Map<String, Long> countedByRegex(String resource) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : TestTraces.lines(resource)) {
            String name = null;
            if (BLK.matcher(line).find()) {
                name = "blk";
            } else if (FUNCTION.matcher(line).find()) {
                name = "function";
            } else {
                Matcher m = EVENT.matcher(line);
                if (m.find()) name = m.group(1);
            }
            if (name == null) continue;
            if (name.equals("print") && line.contains("print:") && line.contains("tracing_mark_write: ")) {
                name = "tracing_mark_write"; // trace-cmd prints markers as 'print: tracing_mark_write: ...'
            }
            counts.merge(name, 1L, Long::sum);
        }
        return counts;
    }

    @ParameterizedTest
    @MethodSource("traces")
    void everyEventLineBecomesOneRowOfItsEvent(String resource) throws Exception {
        try (Database db = Database.open(null)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults()).load(TestTraces.path(resource), ProgressListener.NONE);
            Map<String, Long> loaded = new TreeMap<>();
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT event, count(*) FROM events GROUP BY event")) {
                while (rs.next()) loaded.put(rs.getString(1), rs.getLong(2));
            }
            assertEquals(countedByRegex(resource), loaded, resource);
            assertEquals(0, t.unparsedLines(), resource + " has unparsed lines: " + t.problems());
            assertEquals(t.lines(), t.events() + t.headerLines() + t.lossLines() + t.callChainLines() + t.unparsedLines(),
                    "every line is an event, a header, a loss marker, a call-chain frame or counted as unparsed");
            // perf's call-chain frames (a tab, then the address) are the tab-led lines, and only perf's
            long frames = TestTraces.lines(resource).stream().filter(l -> l.startsWith("\t")).count();
            assertEquals(frames, t.callChainLines());
            assertEquals(TestTraces.lines(resource).size(), t.lines());
            assertTrue(t.events() > 0);
        }
    }
}
