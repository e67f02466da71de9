package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.ParseProblem;
import io.dioscope.ingest.ParseStats;
import io.dioscope.model.ModelBuilder;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code perf record -g} trace ({@code captured/xfs-read-overlap-callchains.perfscript.gz}, see the
 * resources README): every event line is an event, every frame under it a row of
 * {@code event_callchains}, exactly as perf printed it, whatever the blocks the file is cut into; and the
 * call chains change nothing in the analysis.
 */
class CallChainLoadTest {
    static final String CHAINS = "captured/xfs-read-overlap-callchains.perfscript.gz";
    // counted with grep on the decompressed file (zcat ... | grep -c ...):
    /** {@code wc -l} */
    static final long LINES = 184_602;
    /** {@code grep -c -v -e '^\t' -e '^$'}: the event lines */
    static final long EVENTS = 2_346;
    /** {@code grep -c '^\t'}: the frames */
    static final long FRAMES = 179_910;
    /** {@code grep -c '^$'}: the blank line after each chain */
    static final long BLANK = 2_346;

    /** A frame as perf prints it here: tab, address padded to 16 columns, symbol[+0xoffset], (dso). */
    private static final Pattern FRAME = Pattern.compile("^\t *([0-9a-f]+) (\\S+) \\((\\S+)\\)$");
    private static final Pattern OFFSET = Pattern.compile("^(.+)\\+0x([0-9a-f]+)$");

    /**
     * The rows {@code event_callchains} should hold, read from the file with regular expressions (the
     * loader uses none): "line depth addr symbol offset dso", NULL for [unknown] and no offset.
     */
    static List<String> framesByRegex(List<String> lines) {
        List<String> rows = new ArrayList<>();
        long event = -1;
        int depth = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("\t")) {
                event = l.isEmpty() ? -1 : i + 1;
                depth = 0;
                continue;
            }
            Matcher m = FRAME.matcher(l);
            assertTrue(m.matches(), "line " + (i + 1) + ": " + l);
            assertTrue(event > 0, "line " + (i + 1) + " is under no event");
            String symbol = m.group(2).equals("[unknown]") ? "NULL" : m.group(2);
            String offset = "NULL";
            Matcher o = OFFSET.matcher(symbol);
            if (o.matches()) {
                symbol = o.group(1);
                offset = Long.toString(Long.parseLong(o.group(2), 16));
            }
            String dso = m.group(3).equals("[unknown]") ? "NULL" : m.group(3);
            rows.add(event + " " + depth++ + " " + m.group(1) + " " + symbol + " " + offset + " " + dso);
        }
        return rows;
    }

    static List<String> rows(Database db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) row.append(' ');
                    String v = rs.getString(i);
                    row.append(v == null ? "NULL" : v);
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    static List<String> frames(Database db) throws SQLException {
        return rows(db, "SELECT line, depth, printf('%x', addr), symbol, sym_offset, dso FROM event_callchains "
                + "ORDER BY line, depth");
    }

    private static LoadedTrace load(Database db, LoadOptions options, Path trace) throws Exception {
        return new TraceLoader(db, options).load(trace, ProgressListener.NONE);
    }

    @Test
    void everyEventLineIsAnEventAndEveryFrameARowUnderIt() throws Exception {
        try (Database db = Database.open(null)) {
            LoadedTrace t = load(db, LoadOptions.defaults(), TestTraces.path(CHAINS));
            assertEquals(List.of(), t.problems());
            assertEquals(LINES, t.lines());
            assertEquals(EVENTS, t.events());
            assertEquals(FRAMES, t.callChainLines());
            assertEquals(BLANK, t.headerLines(), "the blank line after each chain is not a problem");
            assertEquals(0, t.lossLines());
            assertEquals(0, t.unparsedLines());
            assertEquals(List.of(EVENTS + " " + FRAMES + " " + FRAMES + " 0"), rows(db,
                    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_callchains), callchain_lines, "
                            + "unparsed_lines FROM traces"));
            // every frame's line is an event's, and every event has a chain
            assertEquals(List.of("0 0"), rows(db, "SELECT "
                    + "(SELECT count(*) FROM event_callchains c ANTI JOIN events e USING (trace_id, line)), "
                    + "(SELECT count(*) FROM events e ANTI JOIN event_callchains c USING (trace_id, line))"));
        }
    }

    @Test
    void eachChainIsExactlyTheFramesPrintedUnderItsEvent() throws Exception {
        try (Database db = Database.open(null)) {
            load(db, LoadOptions.defaults(), TestTraces.path(CHAINS));
            assertEquals(framesByRegex(TestTraces.lines(CHAINS)), frames(db));
            // line 11187, an async direct write submitted through io_submit, and the 11 lines under it
            assertEquals(List.of(
                    "iomap_dio_rw_begin 31947 fio 0 ffffffff81789af6 __iomap_dio_rw 1126 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 1 ffffffff8178a00e iomap_dio_rw 14 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 2 ffffffff81937f64 xfs_file_dio_write_aligned.constprop.0 180 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 3 ffffffff8193915b xfs_file_write_iter 267 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 4 ffffffff8175b138 aio_write 408 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 5 ffffffff8175d792 io_submit_one 1234 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 6 ffffffff8175e2ae __x64_sys_io_submit 174 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 7 ffffffff8225a6c1 do_syscall_64 113 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 8 ffffffff81000130 entry_SYSCALL_64_after_hwframe 118 [kernel.kallsyms]",
                    "iomap_dio_rw_begin 31947 fio 9 101829 syscall 25 /usr/lib/x86_64-linux-gnu/libc.so.6",
                    "iomap_dio_rw_begin 31947 fio 10 0 NULL NULL NULL"),
                    chainOf(db, 11187));
            // line 12955, its completion in a kworker: kernel frames only
            assertEquals(List.of(
                    "iomap_dio_complete 28353 kworker/0:2-cgr 0 ffffffff81789393 iomap_dio_complete 275 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 1 ffffffff81789497 iomap_dio_complete_work 23 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 2 ffffffff8138bf9c process_one_work 396 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 3 ffffffff8138cb52 worker_thread 402 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 4 ffffffff81394e5a kthread 250 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 5 ffffffff81311636 ret_from_fork 358 [kernel.kallsyms]",
                    "iomap_dio_complete 28353 kworker/0:2-cgr 6 ffffffff8124915a ret_from_fork_asm 26 [kernel.kallsyms]"),
                    chainOf(db, 12955));
            // line 1, a readahead fill by the buffered reader: 11 kernel frames, pread in libc, then fio's
            // own frames, which perf could not symbolise (fio has no frame pointers), to its limit of 127
            List<String> first = chainOf(db, 1);
            assertEquals(127, first.size());
            assertEquals("mm_filemap_add_to_page_cache 31948 fio 0 ffffffff815a4b83 __filemap_add_folio 1187 "
                    + "[kernel.kallsyms]", first.get(0));
            assertEquals("mm_filemap_add_to_page_cache 31948 fio 11 f6417 __libc_pread 87 "
                    + "/usr/lib/x86_64-linux-gnu/libc.so.6", first.get(11));
            assertEquals("mm_filemap_add_to_page_cache 31948 fio 12 55d31945ad50 NULL NULL NULL", first.get(12));
        }
    }

    private static List<String> chainOf(Database db, long line) throws SQLException {
        return rows(db, "SELECT e.event, e.pid, e.comm, c.depth, printf('%x', c.addr), c.symbol, c.sym_offset, c.dso "
                + "FROM events e JOIN event_callchains c USING (trace_id, line) WHERE line = " + line + " ORDER BY depth");
    }

    @Test
    void aChainThatStraddlesTheBlockSizeStaysWithItsEvent() throws Exception {
        // every event with its chain is 600 to 5,507 bytes: with 512-byte blocks each straddles a block's
        // end (the block grows to keep it whole), with 4 KiB blocks the long ones still do; two threads
        // parse the blocks at once
        List<String> expected = framesByRegex(TestTraces.lines(CHAINS));
        for (int blockSize : new int[] {512, 4096}) {
            try (Database db = Database.open(null)) {
                LoadedTrace t = load(db, LoadOptions.defaults().withBlockSize(blockSize).withThreads(2),
                        TestTraces.path(CHAINS));
                assertEquals(List.of(), t.problems(), "block size " + blockSize);
                assertEquals(EVENTS, t.events());
                assertEquals(FRAMES, t.callChainLines());
                assertEquals(expected, frames(db), "block size " + blockSize);
            }
        }
    }

    @Test
    void framesSpilledToATemporaryFileLoadTheSame() throws Exception {
        try (Database db = Database.open(null)) {
            // nothing held in memory: every buffer of frames goes through the temporary file
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults(), 0).load(TestTraces.path(CHAINS),
                    ProgressListener.NONE);
            assertEquals(FRAMES, t.callChainLines());
            assertEquals(framesByRegex(TestTraces.lines(CHAINS)), frames(db));
        }
    }

    @Test
    void aChainLongerThanTheLimitKeepsTheFramesWithinItAndCountsTheRest() throws Exception {
        // the 1,334 events with 127 frames are 4.5 to 5.5 KB with their chain, the others at most 1.5 KB. With
        // the limit at 2048 bytes, the frames past an event's first 2048 bytes (its line included) are cut:
        //   zcat ... | awk '/^$/ {next} /^[^\t]/ {c=0} {c+=length+1; if (/^\t/ && c>2048) n++} END {print n}'
        // gives 112773
        long cut = 112_773;
        List<String> lines = TestTraces.lines(CHAINS);
        try (Database db = Database.open(null)) {
            LoadedTrace t = load(db, LoadOptions.defaults().withBlockSize(512).withMaxChainBytes(2048),
                    TestTraces.path(CHAINS));
            assertEquals(EVENTS, t.events());
            assertEquals(FRAMES - cut, t.callChainLines());
            assertEquals(cut, t.unparsedLines());
            assertEquals(LINES, t.events() + t.headerLines() + t.callChainLines() + t.unparsedLines());
            // what is kept of each chain is its first frames, as printed
            List<String> kept = frames(db);
            List<String> all = framesByRegex(lines);
            Map<String, List<String>> byEvent = new TreeMap<>();
            for (String r : all) byEvent.computeIfAbsent(r.substring(0, r.indexOf(' ')), k -> new ArrayList<>()).add(r);
            Map<String, List<String>> keptByEvent = new TreeMap<>();
            for (String r : kept) keptByEvent.computeIfAbsent(r.substring(0, r.indexOf(' ')), k -> new ArrayList<>()).add(r);
            assertEquals(byEvent.keySet(), keptByEvent.keySet(), "every event keeps some of its chain");
            for (Map.Entry<String, List<String>> e : keptByEvent.entrySet()) {
                List<String> printed = byEvent.get(e.getKey());
                assertEquals(printed.subList(0, e.getValue().size()), e.getValue(), "line " + e.getKey());
            }
            // each frame not kept says whose it is
            for (ParseProblem p : t.problems()) {
                long event = p.line();
                while (lines.get((int) event - 1).startsWith("\t")) event--;
                assertEquals("call-chain frame of line " + event + " past the first 2048 bytes of that event and its "
                        + "call chain, which are all that is read as one piece: not kept", p.reason());
                assertEquals(lines.get((int) p.line() - 1), p.text());
            }
            assertEquals(ParseStats.KEPT_PROBLEMS, t.problems().size(), "the first ones are kept for the report");
        }
    }

    @Test
    void aFileCutInsideAChainCountsTheFramesAtItsTopAsProblems(@TempDir Path dir) throws Exception {
        // the file from line 11190 on (tail -n +11190): it starts with the last 9 frames of the
        // iomap_dio_rw_begin at line 11187
        List<String> lines = TestTraces.lines(CHAINS);
        Path cut = dir.resolve("cut.perfscript");
        Files.write(cut, lines.subList(11189, lines.size()), StandardCharsets.UTF_8);
        try (Database db = Database.open(null)) {
            LoadedTrace t = load(db, LoadOptions.defaults(), cut);
            assertEquals(9, t.unparsedLines());
            for (ParseProblem p : t.problems()) {
                assertEquals("call-chain frame with no event line above it (the trace starts inside a call chain: "
                        + "cut from a longer file?)", p.reason());
            }
            assertEquals(range(1, 9), t.problems().stream().map(ParseProblem::line).toList());
            // the events of the original after line 11187, and all their frames
            long eventsBefore = lines.subList(0, 11189).stream().filter(l -> !l.isEmpty() && !l.startsWith("\t")).count();
            long framesBefore = lines.subList(0, 11189).stream().filter(l -> l.startsWith("\t")).count();
            assertEquals(EVENTS - eventsBefore, t.events());
            assertEquals(FRAMES - framesBefore - 9, t.callChainLines());
        }
    }

    @Test
    void theFramesUnderAnEventThatCannotBeParsedAreProblemsNamingIt(@TempDir Path dir) throws Exception {
        // line 11187 (an iomap_dio_rw_begin with 11 frames) with an inode beyond 64 bits
        List<String> lines = new ArrayList<>(TestTraces.lines(CHAINS));
        String begin = lines.get(11186);
        assertTrue(begin.contains("ino 0x83 "), begin);
        lines.set(11186, begin.replace("ino 0x83 ", "ino 0x10000000000000083 "));
        Path bad = dir.resolve("bad-ino.perfscript");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        try (Database db = Database.open(null)) {
            LoadedTrace t = load(db, LoadOptions.defaults(), bad);
            assertEquals(12, t.unparsedLines());
            assertEquals("ino 0x10000000000000083 does not fit 64 bits", t.problems().get(0).reason());
            for (ParseProblem p : t.problems().subList(1, 12)) {
                assertEquals("call-chain frame under line 11187, which could not be parsed", p.reason());
            }
            assertEquals(range(11187, 11198), t.problems().stream().map(ParseProblem::line).toList());
            assertEquals(EVENTS - 1, t.events());
            assertEquals(FRAMES - 11, t.callChainLines());
        }
    }

    private static List<Long> range(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void theFindingsAreTheSameWithoutTheCallChains(@TempDir Path dir) throws Exception {
        // the same trace with its frame lines filtered out (grep -v '^\t'): its events keep their order, and
        // full.get(k) is the line number in the original of line k + 1 of the filtered file
        List<String> lines = TestTraces.lines(CHAINS);
        List<String> kept = new ArrayList<>();
        List<Long> original = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("\t")) continue;
            kept.add(lines.get(i));
            original.add(i + 1L);
        }
        Path stripped = dir.resolve("stripped.perfscript");
        Files.write(stripped, kept, StandardCharsets.UTF_8);
        List<String> withChains = findings(TestTraces.path(CHAINS), null);
        List<String> without = findings(stripped, original);
        assertEquals(withChains, without);
        // 5 page-cache fills and 1 overlap, as the golden file says (golden/captured/...)
        assertEquals(6, withChains.size());
    }

    /**
     * The findings of one trace, each with its window's lines and its conflicting lines; {@code original}
     * maps a line of a filtered file back to the original's (null: the lines are the original's).
     */
    private static List<String> findings(Path trace, List<Long> original) throws Exception {
        try (Database db = Database.open(null)) {
            load(db, LoadOptions.defaults(), trace);
            ModelBuilder.build(db);
            RuleEngine.run(db, RuleSet.builtIn());
            assertEquals(List.of("[]"), rows(db, "SELECT reasons FROM trace_judgement"), trace + " can be judged");
            List<String> out = new ArrayList<>();
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT rule, severity, evidence, certain, message, begin_line, complete_line, conflict_lines "
                            + "FROM finding_details ORDER BY begin_ts, rule, related_window_id")) {
                while (rs.next()) {
                    List<Long> conflicts = new ArrayList<>();
                    for (Object o : (Object[]) rs.getArray(8).getArray()) conflicts.add(map(((Number) o).longValue(), original));
                    out.add(String.join(" | ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Long.toString(map(rs.getLong(6), original)),
                            rs.getObject(7) == null ? "NULL" : Long.toString(map(rs.getLong(7), original)),
                            conflicts.toString()));
                }
            }
            return out;
        }
    }

    private static long map(long line, List<Long> original) {
        return original == null ? line : original.get((int) line - 1);
    }
}
