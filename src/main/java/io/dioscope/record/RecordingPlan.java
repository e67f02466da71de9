package io.dioscope.record;

import io.dioscope.ingest.decode.EventCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recording will enable and why, decided before anything is changed: the events (from the
 * catalog, this kernel's available_events and --events), their filters (from --fs), the filesystems
 * and their block devices, the buffer size and the recorder. {@code record --check} prints it.
 */
public final class RecordingPlan {
    public final EventSet events;
    /** Each enabled event with its filter (null: unfiltered), in the order they are enabled. */
    public final Map<String, String> eventsAndFilters;
    public final List<Mounts.Mount> filesystems;
    public final RecorderKind recorder;
    public final long bufferKb;
    public final boolean sizeBuffers;
    public final List<String> notes;

    private RecordingPlan(EventSet events, Map<String, String> eventsAndFilters, List<Mounts.Mount> filesystems,
            RecorderKind recorder, long bufferKb, boolean sizeBuffers, List<String> notes) {
        this.events = events;
        this.eventsAndFilters = eventsAndFilters;
        this.filesystems = filesystems;
        this.recorder = recorder;
        this.bufferKb = bufferKb;
        this.sizeBuffers = sizeBuffers;
        this.notes = notes;
    }

    /**
     * The plan for this machine. {@code fsPaths}: paths on the filesystems to keep to (none: every
     * filesystem); {@code bufferKb}: a fixed size per CPU, or null to size from the first second.
     */
    public static RecordingPlan make(Tracefs t, List<Path> fsPaths, List<String> eventSpecs, boolean blk, Long bufferKb,
            RecorderKind recorder) throws IOException {
        List<String> notes = new ArrayList<>();
        EventSet events = EventSet.plan(EventCatalog.standard(), t.availableEvents(), eventSpecs, blk);
        Mounts mounts = Mounts.read();
        List<Mounts.Mount> filesystems = new ArrayList<>();
        for (Path p : fsPaths) {
            Mounts.Mount m = mounts.containing(p);
            if (m == null) throw new IOException("--fs " + p + ": on no mount of /proc/self/mountinfo");
            if (!filesystems.contains(m)) filesystems.add(m);
            // an empty mount point whose filesystem is not mounted (fstests' check unmounts its test and
            // scratch devices when it ends) would trace the filesystem under it instead
            if (!p.toRealPath().equals(m.mountPoint()) && m.mountPoint().getNameCount() == 0) {
                notes.add("--fs " + p + " is not a mount of its own: it is on " + m.mountPoint() + " (" + m.fsType() + ", "
                        + m.dev() + "), which is what gets traced; mount the filesystem to trace first");
            }
        }
        List<Long> superblocks = new ArrayList<>();
        List<String> bdis = new ArrayList<>();
        List<Long> blockDevices = new ArrayList<>();
        boolean everyBdi = true;
        for (Mounts.Mount m : filesystems) {
            superblocks.add(m.kernelDev());
            String bdi = m.bdi();
            if (bdi == null) everyBdi = false;
            else if (!bdis.contains(bdi)) bdis.add(bdi);
            Path block = m.blockDevice();
            if (block != null) {
                addDev(blockDevices, block.resolve("dev"));
                if (java.nio.file.Files.exists(block.resolve("partition"))) addDev(blockDevices, block.getParent().resolve("dev"));
            } else if (blk) {
                notes.add("--blk: " + m.mountPoint() + " (" + m.fsType() + ") has no block device: no block events of it");
            }
        }
        if (!everyBdi) {
            notes.add("writeback events are not filtered: the bdi of " + filesystems.stream().map(m -> m.mountPoint().toString())
                    .reduce((a, b) -> a + ", " + b).orElse("") + " could not be told");
            bdis.clear();
        }
        Map<String, String> filters = filesystems.isEmpty() ? Map.of()
                : EventFilters.plan(t, events.enabled(), new EventFilters.Targets(superblocks, bdis, blockDevices));
        Map<String, String> eventsAndFilters = new LinkedHashMap<>();
        for (String e : events.enabled()) eventsAndFilters.put(e, filters.get(e));
        for (Mounts.Mount m : filesystems) {
            boolean noDataSums = m.superOptions().contains("nodatasum") || m.superOptions().contains("nodatacow");
            if (m.fsType().equals("btrfs") && !noDataSums) notes.add(BTRFS_BUFFERED_DIO.formatted(m.mountPoint()));
        }
        return new RecordingPlan(events, eventsAndFilters, filesystems, recorder,
                bufferKb != null ? bufferKb : BufferSizing.INITIAL_KB, bufferKb == null, notes);
    }

    /**
     * Seen on 6.18: btrfs writes O_DIRECT data of a file with data checksums through the page cache
     * (btrfs commit 968f19c5b1b7, "always fallback to buffered write if the inode requires checksum";
     * fstests generic/761), since the user's buffer could change under the checksum. Those writes
     * trace no iomap_dio_* window, and their synchronous write bios are not direct writes.
     */
    static final String BTRFS_BUFFERED_DIO = "%s is btrfs: kernels with btrfs commit 968f19c5b1b7 (fstests generic/761) "
            + "write O_DIRECT data of files with data checksums through the page cache, so those writes have no "
            + "direct-I/O window to judge; mount it with nodatasum (or chattr +C new files) to trace real direct writes";

    private static void addDev(List<Long> devs, Path devFile) throws IOException {
        if (!java.nio.file.Files.exists(devFile)) return;
        String[] mm = java.nio.file.Files.readString(devFile).strip().split(":");
        long d = (Long.parseLong(mm[0]) << 20) | Long.parseLong(mm[1]);
        if (!devs.contains(d)) devs.add(d);
    }

    /** What --check prints: every event with why and its filter, what this kernel lacks, the rest of the plan. */
    public void print(PrintWriter out) {
        out.println("recorder: " + recorder.option + " (" + recorder.plan + ")");
        out.println("buffer: " + bufferKb + " KiB per CPU" + (sizeBuffers
                ? ", grown after the first second to hold " + BufferSizing.SECONDS_OF_HEADROOM + " s of the busiest CPU's rate" : ""));
        if (filesystems.isEmpty()) {
            out.println("filesystems: all (no --fs: nothing is filtered, no file map is written)");
        } else {
            for (Mounts.Mount m : filesystems) {
                out.println("filesystem: " + m.mountPoint() + " " + m.fsType() + " on " + m.source() + ", s_dev " + m.dev()
                        + " (" + m.kernelDev() + " in filters)");
            }
        }
        out.println("events (" + eventsAndFilters.size() + "):");
        for (Map.Entry<String, String> e : eventsAndFilters.entrySet()) {
            out.println("  " + e.getKey() + "  -- " + events.why(e.getKey()));
            if (e.getValue() != null) out.println("      filter: " + e.getValue());
        }
        if (!events.missing().isEmpty()) {
            out.println("not in this kernel (" + events.missing().size() + "):");
            for (EventSet.Missing m : events.missing()) out.println("  " + m.explain());
        }
        for (String n : notes) out.println("note: " + n);
    }
}
