package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every format file of a kernel parses, and nearly every print fmt is understood: the running kernel's
 * ({@code /sys/kernel/tracing/events/SYSTEM/EVENT/format}, skipped where tracefs is not readable), and
 * the 6.18 set bundled with the tests (so the figure is checked on any machine). Each prints the share
 * understood and, grouped by reason, the events that are not.
 */
class AllFormatsTest {
    private static final Path EVENTS = Path.of("/sys/kernel/tracing/events");

    /** The events dioscope reads, whose print fmt must be understood (copied into {@code dat/formats-6.18/}). */
    private static final List<String> NEEDED = List.of(
            "filemap/*", "iomap/*", "xfs/xfs_file_direct_write", "xfs/xfs_file_direct_read", "xfs/xfs_file_buffered_write",
            "xfs/xfs_file_buffered_read", "xfs/xfs_end_io_direct_write*", "xfs/xfs_free_file_space", "ext4/ext4_punch_hole",
            "ext4/ext4_fallocate_enter", "ext4/ext4_truncate_enter", "ext4/ext4_collapse_range", "ext4/ext4_zero_range",
            "writeback/writeback_dirty_folio", "printk/console", "block/block_rq_issue", "block/block_rq_complete",
            "block/block_bio_queue", "ftrace/function", "ftrace/print", "sched/sched_switch");

    @Test
    void theRunningKernelsFormatsParseAndNearlyAllPrintFmtsAreUnderstood() throws IOException {
        assumeTrue(Files.isDirectory(EVENTS) && Files.isReadable(EVENTS), "no readable tracefs at " + EVENTS);
        Map<String, EventFormat> formats = new TreeMap<>();
        try (Stream<Path> s = Files.walk(EVENTS, 2)) {
            for (Path dir : s.filter(p -> Files.isReadable(p.resolve("format"))).toList()) {
                String system = dir.getParent().getFileName().toString();
                formats.put(system + "/" + dir.getFileName(), EventFormat.parse(system, Files.readString(dir.resolve("format"))));
            }
        }
        assumeTrue(!formats.isEmpty(), "tracefs lists no event formats");
        check("this kernel (" + System.getProperty("os.version") + ")", formats);
    }

    @Test
    void the618FormatsParseAndNearlyAllPrintFmtsAreUnderstood() {
        Map<String, EventFormat> formats = Formats618.bundle();
        assertEquals(2323, formats.size());
        int understood = check("6.18 (bundled)", formats);
        assertEquals(2304, understood, "the 6.18 figure in the report");
    }

    @Test
    void everyCopiedFormatIsUnderstood() {
        Map<String, EventFormat> copied = Formats618.all();
        assertEquals(41, copied.size());
        copied.forEach((name, e) -> assertNull(e.printProblem(), name));
    }

    /** Prints the share understood and the reasons for the rest; asserts >= 95% and the needed events. */
    private static int check(String kernel, Map<String, EventFormat> formats) {
        int understood = 0;
        Map<String, List<String>> byReason = new TreeMap<>();
        for (Map.Entry<String, EventFormat> f : formats.entrySet()) {
            if (f.getValue().printProblem() == null) understood++;
            else byReason.computeIfAbsent(f.getValue().printProblem(), k -> new ArrayList<>()).add(f.getKey());
        }
        System.out.printf("%s: print fmts understood: %d of %d (%.1f%%)%n", kernel, understood, formats.size(), 100.0 * understood / formats.size());
        byReason.forEach((why, events) -> System.out.println("  " + events.size() + " x " + why + ": " + events));
        assertTrue(understood >= 0.95 * formats.size(), understood + " of " + formats.size() + " understood");
        for (String pattern : NEEDED) {
            String regex = pattern.replace("*", ".*");
            List<String> matching = formats.keySet().stream().filter(k -> k.matches(regex)).toList();
            assertTrue(!matching.isEmpty(), kernel + " has " + pattern);
            for (String name : matching) assertNull(formats.get(name).printProblem(), name);
        }
        return understood;
    }
}
