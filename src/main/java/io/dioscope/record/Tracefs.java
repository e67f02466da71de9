package io.dioscope.record;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kernel's tracing directory: reads and writes its control files by their path relative to it
 * ({@code set_event}, {@code events/filemap/mm_filemap_fault/filter}). A write is one write(2) of the
 * whole value, as the kernel parses each write on its own; a failed write names the file.
 */
public final class Tracefs {
    /** Where tracefs is mounted since 4.1; older kernels only have it under debugfs. */
    static final Path DEFAULT = Path.of("/sys/kernel/tracing");
    private static final Path UNDER_DEBUGFS = Path.of("/sys/kernel/debug/tracing");

    private final Path root;

    public Tracefs(Path root) {
        this.root = root;
    }

    /** The mounted tracefs, or null when there is none (see {@link #mount}). */
    public static Tracefs find() {
        for (Path p : List.of(DEFAULT, UNDER_DEBUGFS)) {
            if (Files.exists(p.resolve("trace"))) return new Tracefs(p);
        }
        return null;
    }

    /** Mounts tracefs at /sys/kernel/tracing (root only); a failure is an IOException saying what mount said. */
    public static Tracefs mount() throws IOException {
        Processes.Result r = Processes.run(List.of("mount", "-t", "tracefs", "nodev", DEFAULT.toString()));
        if (r.exitCode() != 0 || !Files.exists(DEFAULT.resolve("trace"))) {
            throw new IOException("cannot mount tracefs at " + DEFAULT + ": " + r.output().strip());
        }
        return new Tracefs(DEFAULT);
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    /** The file's content; read in 16 KiB requests, since some files (tracing_cpumask) refuse a read shorter than their content. */
    public String read(String relative) throws IOException {
        try (java.io.InputStream in = new java.io.FileInputStream(path(relative).toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code value} in one write(2), truncating the file first (what {@code echo v > f} does). */
    public void write(String relative, String value) throws IOException {
        write(relative, value, false);
    }

    /** Appends {@code value} in one write(2) (what {@code echo v >> f} does: set_event keeps what it had). */
    public void append(String relative, String value) throws IOException {
        write(relative, value, true);
    }

    private void write(String relative, String value, boolean append) throws IOException {
        try (OutputStream out = new FileOutputStream(path(relative).toFile(), append)) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("writing '" + value.strip() + "' to " + path(relative) + ": " + e.getMessage(), e);
        }
    }

    /**
     * With tracing off and no tracer, enables exactly these events (each with its filter, null for none)
     * on buffers of {@code bufferKb} per CPU: what a recorder that reads tracefs itself sets up.
     */
    void enable(java.util.Map<String, String> eventsAndFilters, long bufferKb) throws IOException {
        write("tracing_on", "0");
        write("current_tracer", "nop");
        write("set_event", "");
        write("buffer_size_kb", Long.toString(bufferKb));
        for (java.util.Map.Entry<String, String> e : eventsAndFilters.entrySet()) {
            append("set_event", e.getKey());
            if (e.getValue() != null) write("events/" + e.getKey().replace(':', '/') + "/filter", e.getValue());
        }
    }

    /**
     * Puts the calling thread in set_event_notrace_pid, where the kernel has it (5.8+): the events of
     * this thread's own file writes are not traced. For the threads that write the output.
     */
    public void ignoreThisThread() throws IOException {
        if (!exists("set_event_notrace_pid")) return;
        // /proc/thread-self links to /proc/PID/task/TID
        String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        append("set_event_notrace_pid", tid);
    }

    /** Every event this kernel has, as {@code system:name} ({@code available_events}). */
    public Set<String> availableEvents() throws IOException {
        return new LinkedHashSet<>(read("available_events").lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** The per-CPU directories' names ({@code cpu0}, {@code cpu1}, ...), in CPU order. */
    public List<String> cpus() throws IOException {
        List<String> cpus = new ArrayList<>();
        try (Stream<Path> s = Files.list(path("per_cpu"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("cpu\\d+")).forEach(cpus::add);
        }
        cpus.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(3)), Integer.parseInt(b.substring(3))));
        return cpus;
    }

    /** The names of the files under a directory of tracefs (relative to the root), sorted; none if it is missing. */
    public List<String> list(String relativeDir) throws IOException {
        if (!Files.isDirectory(path(relativeDir))) return List.of();
        try (Stream<Path> s = Files.list(path(relativeDir))) {
            return s.map(p -> relativeDir + "/" + p.getFileName()).sorted().toList();
        }
    }

    /** The event's format file (its fields, from which a filter's field is chosen). */
    public String format(String system, String name) throws IOException {
        return read("events/" + system + "/" + name + "/format");
    }
}
