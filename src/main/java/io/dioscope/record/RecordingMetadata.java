package io.dioscope.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sidecar {@code OUT.meta.json} a recording leaves beside its trace, which {@code load} reads
 * into {@code trace_meta}, {@code trace_mounts} and {@code trace_files}: what the trace cannot say
 * itself — the kernel release and page size, each traced filesystem's type, device, block size and
 * mount options, every mount point's device, the inode-to-path map of the traced filesystems, the
 * event set and filters, the recorder, the command and each CPU's lost events.
 */
public final class RecordingMetadata {
    /** Bumped when a field changes meaning; the loader reads the version it knows. */
    public static final int VERSION = 1;

    private RecordingMetadata() {}

    public static Path sidecar(Path trace) {
        return trace.resolveSibling(trace.getFileName() + io.dioscope.store.RecordingSidecar.SUFFIX);
    }

    /** Writes the sidecar of {@code trace}; walks the traced filesystems for the file map. */
    public static Path write(Path trace, RecordingPlan plan, Recorder recorder, List<String> command, Recording.Result r)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("dioscope_record", VERSION);
        root.put("trace", trace.getFileName().toString());
        root.put("format", recorder.format());
        root.put("recorder", recorder.description());
        root.put("kernel_release", Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        root.put("page_size", pageSize());
        root.put("started", r.started().toString());
        root.put("ended", r.ended().toString());
        ArrayNode cmd = root.putArray("command");
        command.forEach(cmd::add);
        if (r.commandExit() != null) root.put("command_exit", r.commandExit());
        root.put("stopped_by_duration", r.stoppedByDuration());
        root.put("buffer_kb", r.bufferKb());
        ObjectNode events = root.putObject("events");
        for (Map.Entry<String, String> e : plan.eventsAndFilters.entrySet()) events.put(e.getKey(), e.getValue());
        ArrayNode missing = root.putArray("events_missing");
        for (EventSet.Missing m : plan.events.missing()) missing.add(m.explain());
        ObjectNode lost = root.putObject("lost_events");
        for (CpuStats s : r.stats()) lost.put(s.cpu(), s.lost());
        root.put("lost_events_total", r.lost());
        // what the kernel wrote to each CPU's buffer while recording: a complete trace holds exactly these
        ObjectNode written = root.putObject("events_written");
        for (CpuStats s : r.stats()) written.put(s.cpu(), s.written());
        ArrayNode mounts = root.putArray("mounts");
        FileMap files = new FileMap();
        List<Mounts.Mount> all = Mounts.read().all();
        java.util.Set<Path> mountPoints = new java.util.HashSet<>();
        for (Mounts.Mount m : all) mountPoints.add(m.mountPoint());
        for (Mounts.Mount m : all) {
            boolean traced = plan.filesystems.stream().anyMatch(f -> f.mountPoint().equals(m.mountPoint()) && f.dev().equals(m.dev()));
            ObjectNode n = mounts.addObject();
            n.put("mount_point", m.mountPoint().toString());
            n.put("dev", m.dev());
            n.put("fstype", m.fsType());
            n.put("source", m.source());
            n.put("traced", traced);
            if (traced) {
                n.put("block_size", Files.getFileStore(m.mountPoint()).getBlockSize());
                n.put("options", m.options());
                n.put("super_options", m.superOptions());
                files.walk(m.mountPoint(), m.dev(), mountPoints);
            }
        }
        ArrayNode fileList = root.putArray("files");
        for (FileMap.File f : files.files()) {
            ObjectNode n = fileList.addObject();
            n.put("dev", f.dev());
            n.put("ino", f.ino());
            n.put("path", f.path());
        }
        root.put("files_truncated", files.truncated());
        Path sidecar = sidecar(trace);
        json.writeValue(sidecar.toFile(), root);
        return sidecar;
    }

    /** The kernel's page size: the first KernelPageSize of this process's mappings (Java has no call for it). */
    static long pageSize() throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/smaps"))) {
            return lines.filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) * 1024)
                    .orElseThrow(() -> new IOException("/proc/self/smaps has no KernelPageSize"));
        }
    }
}
