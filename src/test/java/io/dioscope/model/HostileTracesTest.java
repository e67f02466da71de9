package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.TestTraces;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken and odd traces built at test time from the real ones (lines are only concatenated, dropped,
 * or given another timestamp; none is invented): the model must never draw a window, a conflict or
 * a gap it cannot stand behind, and must stay bounded.
 */
class HostileTracesTest {
    private static final String MMAP = "corpus/xfs-mmap-overlap.trace.gz";
    private static final String CLEAN = "corpus/xfs-clean.trace.gz";
    private static final String READ = "corpus/xfs-read-overlap.trace.gz";
    private static final Pattern TS = Pattern.compile("\\s(\\d+)\\.(\\d{6}): ");

    @TempDir Path tmp;

    /** A database with the given traces (files) loaded and the model built. */
    private static Database analyzed(boolean rules, Path... files) throws Exception {
        Database db = Database.open(null);
        TraceLoader loader = new TraceLoader(db, LoadOptions.defaults());
        for (Path f : files) loader.load(f, ProgressListener.NONE);
        ModelBuilder.build(db);
        if (rules) RuleEngine.run(db, RuleSet.builtIn());
        return db;
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private static long scalar(Database db, String sql, Object... args) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(String.format(sql, args))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static List<String> rows(Database db, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(String.format(sql, args))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? " | " : "").append(rs.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The line with its ftrace timestamp (seconds.microseconds) replaced by {@code ns}. */
    private static String withTimestamp(String line, long ns) {
        Matcher m = TS.matcher(line);
        assertTrue(m.find(), line);
        String ts = String.format(" %d.%06d: ", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
        return line.substring(0, m.start()) + ts + line.substring(m.end());
    }

    private static long timestamp(String line) {
        Matcher m = TS.matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000;
    }

    @Test
    void twoBootsInOneFileAreTwoTimelines() throws Exception {
        List<String> a = TestTraces.lines(MMAP);
        List<String> b = TestTraces.lines(CLEAN);
        long lastOfA = a.stream().filter(l -> !l.startsWith("#")).mapToLong(HostileTracesTest::timestamp).max().orElseThrow();
        long firstOfB = timestamp(b.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow());
        assertTrue(firstOfB < lastOfA - 500_000_000L, "the second capture's clock restarts lower");
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        int firstEventOfB = a.size() + 1 + (int) b.stream().takeWhile(l -> l.startsWith("#")).count();

        try (Database cat = analyzed(true, write("cat.trace", both));
                Database apart = analyzed(true, write("a.trace", a), write("b.trace", b))) {
            assertEquals(List.of("1 | " + firstEventOfB + " | " + firstOfB + " | " + lastOfA),
                    rows(cat, "SELECT trace_id, line, ts, before_ts FROM trace_resets"));
            assertEquals(List.of("1 | 0 | " + (firstEventOfB - 1), "2 | " + firstEventOfB + " | 9223372036854775807"),
                    rows(cat, "SELECT segment, first_line, last_line FROM trace_segments ORDER BY segment"));
            assertEquals(List.of("2 | 1"), rows(cat, "SELECT segments, clock_resets FROM trace_coverage"));
            assertEquals(0, scalar(cat, "SELECT count(*) FROM dio_windows WHERE end_ts < begin_ts OR complete_ts < begin_ts"));
            assertEquals(0, scalar(cat, "SELECT count(*) FROM dio_windows w JOIN trace_segments s USING (trace_id, segment) "
                    + "WHERE w.begin_line < s.first_line OR coalesce(w.complete_line, w.end_event_line, 0) > s.last_line"));
            assertEquals(0, scalar(cat, "SELECT count(*) FROM window_conflicts c JOIN dio_windows w USING (window_id) "
                    + "WHERE (c.line < " + firstEventOfB + ") <> (w.begin_line < " + firstEventOfB + ")"));
            assertEquals(0, scalar(cat, "SELECT count(*) FROM dio_orphan_completions"));
            assertEquals(128, scalar(cat, "SELECT count(*) FROM dio_windows WHERE direction = 'write' "
                    + "AND outcome IN ('completed', 'fallback')"));
            // exactly the windows, conflicts and findings of the two captures analysed apart
            String windows = "SELECT begin_line + CASE WHEN %s THEN %d ELSE 0 END, complete_line + CASE WHEN %s THEN %d "
                    + "ELSE 0 END, outcome, trusted, end_ts - begin_ts, (SELECT count(*) FROM window_conflicts c "
                    + "WHERE c.window_id = w.window_id) FROM dio_windows w ORDER BY 1";
            assertEquals(rows(apart, windows, "trace_id = 2", a.size(), "trace_id = 2", a.size()),
                    rows(cat, windows, "false", 0, "false", 0));
            String findings = "SELECT rule, begin_line + CASE WHEN %s THEN %d ELSE 0 END, severity, evidence, certain "
                    + "FROM finding_details ORDER BY 2, 1, 3, 4";
            List<String> expected = rows(apart, findings, "trace_id = 2", a.size());
            assertEquals(expected, rows(cat, findings, "false", 0));
            assertEquals(0, scalar(apart, "SELECT count(*) FROM finding_details WHERE trace_id = 2 AND severity = 'critical'"));
        }
    }

    /** A completed write of the real trace with a page read into the cache while it was in flight. */
    private static long[] raceWindow(Database db) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT w.begin_line, w.complete_line, w.begin_ts, count(*) FROM dio_windows w JOIN window_conflicts c "
                        + "USING (window_id) WHERE w.outcome = 'completed' AND w.aio AND c.kind = 'cache-fill' "
                        + "AND c.in_range GROUP BY ALL ORDER BY w.begin_line LIMIT 1")) {
            assertTrue(rs.next(), "the trace has a fill during a write");
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    @Test
    void aCompletionStampedBeforeItsBeginIsSkewUpTo50usAndUntrustedBeyond() throws Exception {
        List<String> lines = TestTraces.lines(READ);
        long[] race;
        List<String> conflicts;
        String conflictLines = "SELECT c.line FROM window_conflicts c JOIN dio_windows w USING (window_id) "
                + "WHERE w.begin_line = %d ORDER BY 1";
        try (Database db = analyzed(false, TestTraces.path(READ))) {
            race = raceWindow(db);
            conflicts = rows(db, conflictLines, race[0]);
            assertEquals(0, scalar(db, "SELECT count(*) FROM dio_windows WHERE NOT trusted"));
        }
        int completion = (int) race[1];
        // 200 us before its begin: beyond the tolerance
        List<String> skewed = new ArrayList<>(lines);
        skewed.set(completion - 1, withTimestamp(lines.get(completion - 1), race[2] - 200_000));
        try (Database db = analyzed(false, write("skewed.trace", skewed))) {
            assertEquals(0, scalar(db, "SELECT count(*) FROM trace_resets"));
            assertEquals(List.of(race[1] + " | " + (race[2] - 200_000) + " | false | clock skew"),
                    rows(db, "SELECT complete_line, complete_ts, trusted, untrusted_because FROM dio_windows "
                            + "WHERE begin_line = %d", race[0]));
            assertEquals(0, scalar(db, "SELECT count(*) FROM dio_windows WHERE end_ts < begin_ts"));
            // the window still holds what the lines between its begin and its completion say (and the
            // events stamped in the same microsecond as the line before the completion)
            List<String> now = rows(db, conflictLines, race[0]);
            assertTrue(now.containsAll(conflicts) && now.size() <= conflicts.size() + 2, conflicts + " -> " + now);
            assertEquals(1, scalar(db, "SELECT count(*) FROM dio_windows WHERE NOT trusted"));
        }
        // 20 us before: tolerated, taken to be at the begin
        List<String> slight = new ArrayList<>(lines);
        slight.set(completion - 1, withTimestamp(lines.get(completion - 1), race[2] - 20_000));
        try (Database db = analyzed(false, write("slight.trace", slight))) {
            assertEquals(List.of("true | null | 0"), rows(db, "SELECT trusted, untrusted_because, end_ts - begin_ts "
                    + "FROM dio_windows WHERE begin_line = %d", race[0]));
            assertEquals(0, scalar(db, "SELECT count(*) FROM dio_windows WHERE NOT trusted OR end_ts < begin_ts"));
        }
    }

    @Test
    void aWriteThatNeverCompletesIsBoundedAndSoIsTheJoin() throws Exception {
        List<String> lines = TestTraces.lines(CLEAN);
        long beginLine;
        long completeLine;
        long windows;
        try (Database db = analyzed(false, TestTraces.path(CLEAN))) {
            // the last asynchronous write of the trace on its range: without its completion nothing else pairs
            List<String> last = rows(db, "SELECT begin_line, complete_line FROM dio_windows w WHERE outcome = 'completed' "
                    + "AND complete_pid <> submit_pid AND NOT EXISTS (SELECT 1 FROM dio_windows o WHERE o.ino = w.ino "
                    + "AND o.pos = w.pos AND o.begin_line > w.begin_line) ORDER BY begin_line DESC LIMIT 1");
            assertEquals(1, last.size());
            beginLine = Long.parseLong(last.get(0).split(" \\| ")[0]);
            completeLine = Long.parseLong(last.get(0).split(" \\| ")[1]);
            windows = scalar(db, "SELECT count(*) FROM dio_windows");
        }
        List<String> open = new ArrayList<>(lines);
        open.remove((int) completeLine - 1);
        String lastLine = lines.get(lines.size() - 1);
        open.add(withTimestamp(lastLine, timestamp(lastLine) + 100_000L * 1_000_000_000L)); // 1e5 s later
        try (Database db = analyzed(false, write("open.trace", open))) {
            assertEquals(0, scalar(db, "SELECT count(*) FROM trace_resets"));
            assertEquals(windows, scalar(db, "SELECT count(*) FROM dio_windows"));
            assertEquals(List.of("in-flight-at-end | 1000000000 | false | open too long"),
                    rows(db, "SELECT outcome, end_ts - begin_ts, trusted, untrusted_because FROM dio_windows "
                            + "WHERE begin_line = %d", beginLine));
            assertEquals(1, scalar(db, "SELECT count(*) FROM dio_windows WHERE NOT trusted"));
            // 50_window_conflicts' time buckets: the window open for 1e5 s is listed in at most 9
            assertEquals(9, scalar(db, "SELECT max(n) FROM (SELECT count(*) AS n "
                    + "FROM interval_buckets('conflict_windows') GROUP BY id)"));
        }
    }

    @Test
    void aTraceWithoutCompletionEventsIsNotJudgeableAndStaysLinear() throws Exception {
        List<String> lines = new ArrayList<>(TestTraces.lines(AnalyzedCorpus.FIO));
        int before = lines.size();
        lines.removeIf(l -> l.contains(" iomap_dio_complete: "));
        assertTrue(before - lines.size() > 40_000, "every completion line removed");
        try (Database db = analyzed(false, write("no-completions.trace", lines))) {
            assertEquals(0, scalar(db, "SELECT count(*) FROM events WHERE event = 'iomap_dio_complete'"));
            assertEquals(List.of("[no completions]"), rows(db, "SELECT reasons FROM trace_judgement"));
            assertEquals(List.of("its 51845 direct-I/O attempts began but not one completion event is in it, so when "
                    + "any of them ended is unknown (enable iomap_dio_complete, or xfs_end_io_direct_write on older "
                    + "kernels)"), rows(db, "SELECT sentence FROM trace_judgement"));
            assertEquals(51845, scalar(db, "SELECT count(*) FROM dio_windows WHERE outcome = 'completion-lost'"));
            assertEquals(0, scalar(db, "SELECT count(*) FROM dio_windows WHERE outcome = 'in-flight-at-end' "
                    + "OR complete_line IS NOT NULL"));
            assertEquals(0, scalar(db, "SELECT count(*) FROM interval_buckets('conflict_windows')"));
            assertEquals(0, scalar(db, "SELECT count(*) FROM window_conflicts"));
        }
    }
}
