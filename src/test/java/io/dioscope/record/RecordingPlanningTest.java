package io.dioscope.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.decode.EventCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What `dioscope record` decides before it touches tracefs, from what this kind of machine really
 * shows (src/test/resources/record/, see its README): mounts, event formats and filters, the event
 * set for a 6.18 and a 6.1 kernel, buffer sizes from a CPU's stats, and how each setting is written
 * back. These run anywhere; RecordCommandIT records for real where root and loop devices are.
 */
class RecordingPlanningTest {
    private static final long XFS = 7L << 20; // 7:0
    private static final long BTRFS = 38; // 0:38, btrfs's anonymous superblock device

    private static String resource(String name) throws IOException {
        return Files.readString(TestTraces.path("record/" + name));
    }

    private static Set<String> events(String name) throws IOException {
        return new HashSet<>(List.of(resource(name).strip().split("\n")));
    }

    @Test
    void mountinfoGivesEachMountsDeviceAsTheEventsPrintItAndAsFiltersCompareIt() throws IOException {
        Mounts m = Mounts.parse(resource("mountinfo.txt").lines().toList());
        Mounts.Mount xfs = m.all().stream().filter(x -> x.fsType().equals("xfs")).findFirst().orElseThrow();
        assertEquals(Path.of("/tmp/dioscope rec mnt"), xfs.mountPoint(), "\\040 is a space");
        assertEquals("7:0", xfs.dev());
        assertEquals(XFS, xfs.kernelDev());
        assertEquals("/dev/loop0", xfs.source());
        assertEquals("rw,relatime", xfs.options());
        assertEquals("rw,inode64,logbufs=8,logbsize=32k,noquota", xfs.superOptions());
        Mounts.Mount btrfs = m.all().stream().filter(x -> x.fsType().equals("btrfs")).findFirst().orElseThrow();
        assertEquals("0:38", btrfs.dev(), "btrfs's superblock is an anonymous device, not its block device");
        assertEquals(BTRFS, btrfs.kernelDev());
        assertEquals("/dev/loop1", btrfs.source());
        assertEquals(2, m.all().stream().filter(x -> x.fsType().equals("tracefs")).count());
        assertEquals(25, m.all().size());
    }

    @Test
    void eachEventIsFilteredOnTheFieldItsOwnFormatHas() throws IOException {
        EventFilters.Targets one = new EventFilters.Targets(List.of(XFS), List.of("7:0"), List.of(XFS));
        assertEquals("s_dev == 7340032", EventFilters.filter("filemap", resource("formats/filemap:mm_filemap_add_to_page_cache.format"), one));
        assertEquals("dev == 7340032", EventFilters.filter("iomap", resource("formats/iomap:iomap_dio_rw_begin.format"), one));
        assertEquals("dev == 7340032", EventFilters.filter("xfs", resource("formats/xfs:xfs_file_direct_write.format"), one));
        assertEquals("dev == 7340032", EventFilters.filter("ext4", resource("formats/ext4:ext4_read_folio.format"), one));
        assertEquals("name == \"7:0\"", EventFilters.filter("writeback", resource("formats/writeback:writeback_dirty_folio.format"), one));
        assertEquals("dev == 7340032", EventFilters.filter("block", resource("formats/block:block_rq_issue.format"), one));
        assertNull(EventFilters.filter("printk", resource("formats/printk:console.format"), one), "the kernel's messages are never filtered");

        EventFilters.Targets two = new EventFilters.Targets(List.of(XFS, BTRFS), List.of("7:0", "btrfs-1"), List.of(XFS));
        assertEquals("s_dev == 7340032 || s_dev == 38",
                EventFilters.filter("filemap", resource("formats/filemap:mm_filemap_add_to_page_cache.format"), two));
        assertEquals("name == \"7:0\" || name == \"btrfs-1\"",
                EventFilters.filter("writeback", resource("formats/writeback:writeback_dirty_folio.format"), two));
        EventFilters.Targets noBdi = new EventFilters.Targets(List.of(XFS), List.of(), List.of());
        assertNull(EventFilters.filter("writeback", resource("formats/writeback:writeback_dirty_folio.format"), noBdi),
                "without a bdi to compare, the event stays unfiltered rather than silent");
        assertNull(EventFilters.filter("block", resource("formats/block:block_rq_issue.format"), noBdi));
    }

    @Test
    void theEventSetOnThisKernelSaysWhatIsMissingAndWhatStillRecordsIt() throws IOException {
        EventSet set = EventSet.plan(EventCatalog.standard(), events("available_events.txt"), List.of(), false);
        assertTrue(set.enabled().containsAll(List.of("iomap:iomap_dio_rw_begin", "iomap:iomap_dio_complete",
                "filemap:mm_filemap_add_to_page_cache", "writeback:writeback_dirty_folio", "printk:console")), set.enabled().toString());
        assertFalse(set.enabled().stream().anyMatch(e -> e.startsWith("block:")), "block events only with --blk");
        assertEquals(List.of(
                "writeback:writeback_dirty_page (page-dirtied: a cached page was dirtied): page-dirtied still comes from writeback:writeback_dirty_folio",
                "xfs:xfs_end_io_direct_write_unwritten (dio-complete: a direct I/O completes (its data reached the disk or the reader)): dio-complete still comes from iomap:iomap_dio_complete, xfs:xfs_end_io_direct_write",
                "xfs:xfs_end_io_direct_write_append (dio-complete: a direct I/O completes (its data reached the disk or the reader)): dio-complete still comes from iomap:iomap_dio_complete, xfs:xfs_end_io_direct_write",
                "ext4:ext4_readpage (buffered-read: a buffered read of the range (it reads through the page cache)): buffered-read still comes from filemap:mm_filemap_get_pages, xfs:xfs_file_buffered_read, ext4:ext4_read_folio"),
                set.missing().stream().map(EventSet.Missing::explain).toList());
        assertEquals("dio-begin: a direct read or write starts (the model pairs it into dio_windows)", set.why("iomap:iomap_dio_rw_begin"));

        EventSet blk = EventSet.plan(EventCatalog.standard(), events("available_events.txt"), List.of(), true);
        assertTrue(blk.enabled().contains("block:block_rq_issue"), blk.enabled().toString());

        EventSet edited = EventSet.plan(EventCatalog.standard(), events("available_events.txt"),
                List.of("default,-iomap_iter", "+sched:sched_process_exec"), false);
        assertFalse(edited.enabled().contains("iomap:iomap_iter"));
        assertEquals("added by --events", edited.why("sched:sched_process_exec"));
        assertEquals("--events: this kernel has no event nosuch (see available_events)", assertThrows(IllegalArgumentException.class,
                () -> EventSet.plan(EventCatalog.standard(), events("available_events.txt"), List.of("+nosuch"), false)).getMessage());
        assertEquals("--events: sched:sched_process_exec is not in the set to remove it", assertThrows(IllegalArgumentException.class,
                () -> EventSet.plan(EventCatalog.standard(), events("available_events.txt"), List.of("-sched:sched_process_exec"), false)).getMessage());
    }

    @Test
    void onA61KernelTheDirectIoWindowsComeFromXfsEventsAlone() throws IOException {
        // the corpus's list of the 6.1 kernel's events of interest (a grep of its available_events, so
        // only what it says of the iomap and xfs direct-I/O events is asserted)
        EventSet set = EventSet.plan(EventCatalog.standard(), events("k61-events-of-interest.txt"), List.of(), false);
        List<String> explained = set.missing().stream().map(EventSet.Missing::explain).toList();
        assertEquals(List.of(
                "iomap:iomap_dio_rw_begin (dio-begin: a direct read or write starts (the model pairs it into dio_windows)): "
                        + "dio-begin still comes from xfs:xfs_file_direct_read, xfs:xfs_file_direct_write",
                "iomap:iomap_dio_rw_queued (dio-queued: an asynchronous direct I/O was submitted and the call returned): "
                        + "no other event records dio-queued, the rules that read it see nothing",
                "iomap:iomap_dio_complete (dio-complete: a direct I/O completes (its data reached the disk or the reader)): "
                        + "dio-complete still comes from xfs:xfs_end_io_direct_write, xfs:xfs_end_io_direct_write_unwritten, "
                        + "xfs:xfs_end_io_direct_write_append"),
                explained.stream().filter(e -> e.startsWith("iomap:iomap_dio")).toList());
        assertTrue(set.enabled().contains("xfs:xfs_end_io_direct_write"));
        assertTrue(set.enabled().contains("iomap:iomap_dio_invalidate_fail"), "6.1 has the fallback event");
    }

    @Test
    void buffersGrowToHoldFourSecondsOfTheBusiestCpu() throws IOException {
        // a 4 KiB buffer of sched events that overran for 2 s (an instance of this machine's tracefs)
        CpuStats cpu0 = CpuStats.parse("cpu0", resource("stats-overrun-cpu0.txt"));
        assertEquals(159, cpu0.entries());
        assertEquals(3549, cpu0.overrun());
        assertEquals(3549, cpu0.lost());
        assertEquals(3708, cpu0.written());
        CpuStats cpu1 = CpuStats.parse("cpu1", resource("stats-overrun-cpu1.txt"));
        // cpu0: 3,708 events of 7,488 / 159 = 47 bytes in 2 s: 87,138 bytes/s, 4 s of it 340 KiB
        long busiest = Math.max(BufferSizing.sizeKb(List.of(cpu0), 2.0, 4, 1 << 20), BufferSizing.sizeKb(List.of(cpu1), 2.0, 4, 1 << 20));
        assertEquals(busiest, BufferSizing.sizeKb(List.of(cpu0, cpu1), 2.0, 4, 1 << 20), "the busiest CPU sizes them all");
        assertEquals(340, BufferSizing.sizeKb(List.of(cpu0), 2.0, 4, 1 << 20));
        assertEquals(BufferSizing.INITIAL_KB, BufferSizing.sizeKb(List.of(cpu0), 2.0, BufferSizing.INITIAL_KB, 1 << 20), "never shrinks");
        assertEquals(200, BufferSizing.sizeKb(List.of(cpu0), 2.0, 4, 200), "at most the cap");
    }

    @Test
    void eachSettingIsWrittenBackInTheFormItIsWritten() {
        assertEquals("0", TracingSettings.writable("events/iomap/iomap_iter/filter", "none\n"), "a filter that read none");
        assertEquals("dev == 7340032", TracingSettings.writable("events/iomap/iomap_iter/filter", "dev == 7340032\n"));
        assertEquals("local", TracingSettings.writable("trace_clock", "[local] global counter uptime perf mono mono_raw boot tai x86-tsc\n"));
        assertEquals("16387", TracingSettings.writable("buffer_size_kb", "16387\n"));
        assertEquals("1410", TracingSettings.writable("buffer_size_kb", "7 (expanded: 1410)\n"));
        assertNull(TracingSettings.writable("buffer_size_kb", "X\n"), "CPUs of different sizes: each CPU's file restores it");
    }
}
