package io.dioscope.record;

import io.dioscope.ingest.dat.DatException;
import io.dioscope.ingest.dat.DatWriter;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The recorder without trace-cmd: reads each CPU's raw ring-buffer pages from
 * {@code per_cpu/cpuN/trace_pipe_raw} while the command runs (the pages trace-cmd splices: no
 * formatting in the kernel), into a file per CPU beside the output, and at the end writes the output
 * as a trace.dat (version 6, uncompressed; {@link DatWriter}) with the formats of the recorded events
 * and of ftrace's own (the markers), kallsyms, the printk formats, the saved command lines and the
 * trace clock, then each CPU's pages. A page read after the kernel overwrote events carries the
 * ring buffer's missed-events flag, which {@code load} counts as lost.
 *
 * <p>A read of trace_pipe_raw sleeps in the kernel while the CPU's buffer is empty, and once tracing
 * is off nothing would wake it. So each CPU's reader reads a page only while the CPU's stats count
 * unread entries (it alone consumes them, so the read cannot find the buffer empty), and sleeps a
 * few milliseconds otherwise; after tracing is turned off it reads until none are left.
 */
final class RawPagesRecorder implements Recorder {
    private static final long POLL_MS = 5;
    private static final long FINISH_TIMEOUT_MS = 120_000;

    private final Tracefs t;
    private final Path out;
    private final List<CpuReader> readers = new ArrayList<>();
    private List<String> events = List.of();
    private int pageSize;
    private int longSize;
    private volatile boolean stopping;
    private boolean written;

    RawPagesRecorder(Tracefs t, Path out) {
        this.t = t;
        this.out = out;
    }

    @Override
    public String description() {
        return "trace.dat written by dioscope from each CPU's raw ring-buffer pages (trace_pipe_raw)";
    }

    @Override
    public String format() {
        return "trace.dat";
    }

    @Override
    public void start(Map<String, String> eventsAndFilters, long bufferKb) throws IOException {
        t.enable(eventsAndFilters, bufferKb);
        events = List.copyOf(eventsAndFilters.keySet());
        try {
            int[] sizes = DatWriter.pageAndLongSize(latin1(t.path("events/header_page")));
            pageSize = sizes[0];
            longSize = sizes[1];
        } catch (DatException e) {
            throw new IOException(t.path("events/header_page") + ": " + e.getMessage(), e);
        }
        t.write("trace", ""); // clears every CPU's buffer and its counters
        Files.deleteIfExists(out);
        List<String> cpus = t.cpus();
        CountDownLatch ready = new CountDownLatch(cpus.size());
        for (String cpu : cpus) {
            CpuReader r = new CpuReader(cpu, out.resolveSibling(out.getFileName() + "." + cpu), ready);
            readers.add(r);
            r.thread.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting the readers", e);
        }
        for (CpuReader r : readers) if (r.failure != null) throw new IOException("starting " + r.cpu + "'s reader: " + r.failure.getMessage(), r.failure);
        t.write("tracing_on", "1");
    }

    @Override
    public void finish() throws IOException {
        stopping = true;
        long deadline = System.currentTimeMillis() + FINISH_TIMEOUT_MS;
        for (CpuReader r : readers) {
            join(r.thread, deadline - System.currentTimeMillis());
            if (r.thread.isAlive()) {
                throw new IOException(r.cpu + "'s trace_pipe_raw was not read empty within 2 minutes of tracing being turned off");
            }
            if (r.failure != null) throw new IOException("reading " + r.cpu + "'s trace_pipe_raw into " + r.file + ": " + r.failure.getMessage(), r.failure);
        }
        write();
    }

    /** Tracing is already off: reads what is left for a few seconds, and writes what was read. */
    @Override
    public void abort() {
        if (readers.isEmpty() || written) return;
        stopping = true;
        long deadline = System.currentTimeMillis() + 10_000;
        for (CpuReader r : readers) join(r.thread, deadline - System.currentTimeMillis());
        if (readers.stream().anyMatch(r -> r.thread.isAlive())) return; // a reader still holds its file
        try {
            write();
        } catch (IOException e) {
            // the per-CPU files stay beside the output
        }
    }

    /** The trace.dat: its head from tracefs, then each CPU's pages; the per-CPU files are removed. */
    private void write() throws IOException {
        List<String> ftrace = new ArrayList<>();
        for (String dir : t.list("events/ftrace")) {
            if (t.exists(dir + "/format")) ftrace.add(latin1(t.path(dir + "/format")));
        }
        List<String[]> formats = new ArrayList<>();
        for (String e : events) {
            String[] sn = e.split(":", 2);
            formats.add(new String[] {sn[0], latin1(t.path("events/" + sn[0] + "/" + sn[1] + "/format"))});
        }
        DatWriter.Metadata m = new DatWriter.Metadata(ByteOrder.nativeOrder(), longSize, pageSize,
                latin1(t.path("events/header_page")), latin1(t.path("events/header_event")), ftrace, formats,
                latin1(Path.of("/proc/kallsyms")), latin1(t.path("printk_formats")), latin1(t.path("saved_cmdlines")),
                latin1(t.path("trace_clock")).strip(), cpuStats());
        long[] sizes = new long[readers.size()];
        for (int i = 0; i < sizes.length; i++) sizes[i] = Files.size(readers.get(i).file);
        DatWriter.Head head = DatWriter.head(m, sizes);
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.wrap(head.bytes());
            while (h.hasRemaining()) o.write(h);
            for (CpuReader r : readers) {
                try (FileChannel in = FileChannel.open(r.file)) {
                    long at = 0, size = in.size();
                    while (at < size) at += in.transferTo(at, size - at, o);
                }
            }
        }
        for (CpuReader r : readers) Files.deleteIfExists(r.file);
        written = true;
    }

    /** Each CPU's ring-buffer counters as trace-cmd stores them, so that {@code trace-cmd report --stat} shows them. */
    private List<String> cpuStats() throws IOException {
        List<String> stats = new ArrayList<>();
        for (CpuReader r : readers) stats.add("CPU: " + r.cpu.substring(3) + "\n" + latin1(t.path("per_cpu/" + r.cpu + "/stats")));
        return stats;
    }

    /** A tracefs or procfs file as the bytes it holds (a trace.dat's texts are bytes, not UTF-8). */
    private static String latin1(Path p) throws IOException {
        try (InputStream in = new FileInputStream(p.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void join(Thread thread, long ms) {
        try {
            if (ms > 0) thread.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(ByteBuffer pages, FileChannel to) throws IOException {
        pages.flip();
        while (pages.hasRemaining()) to.write(pages);
        pages.clear();
    }

    /** One CPU's pages, read into its own file. */
    private final class CpuReader implements Runnable {
        final String cpu;
        final Path file;
        final Thread thread;
        private final CountDownLatch ready;
        volatile IOException failure;

        CpuReader(String cpu, Path file, CountDownLatch ready) {
            this.cpu = cpu;
            this.file = file;
            this.ready = ready;
            this.thread = new Thread(this, "trace_pipe_raw reader " + cpu);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            String stats = "per_cpu/" + cpu + "/stats";
            try {
                t.ignoreThisThread(); // its writes of the file are not traced
            } catch (IOException e) {
                failure = e;
                return;
            } finally {
                ready.countDown();
            }
            try (FileChannel in = FileChannel.open(t.path("per_cpu/" + cpu + "/trace_pipe_raw"));
                    FileChannel to = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                // pages gather here and go to the file a megabyte at a time, or when the reader waits
                ByteBuffer pages = ByteBuffer.allocateDirect(Math.max(1, (1 << 20) / pageSize) * pageSize);
                while (true) {
                    // read before the check: a stop seen after an empty buffer means nothing more can come
                    boolean last = stopping;
                    CpuStats now = CpuStats.parse(cpu, t.read(stats));
                    // while tracing, only whole pages: the oldest page is full once the unread events take
                    // two pages (the kernel writes on one page at a time). A read takes the page the
                    // kernel is writing on as it is, and a page holding a few events would take a whole
                    // page in the file, and its write would trace events of its own for the next read.
                    boolean ready = last ? now.entries() > 0 : now.bytes() >= 2L * pageSize;
                    if (!ready || !pages.hasRemaining()) write(pages, to);
                    if (!ready) {
                        if (last) return;
                        Thread.sleep(POLL_MS);
                        continue;
                    }
                    int start = pages.position();
                    pages.limit(start + pageSize);
                    if (in.read(pages) <= 0) {
                        pages.position(start);
                    } else {
                        // the kernel returns whole pages; a short one is padded so that the next page stays aligned
                        while (pages.hasRemaining()) pages.put((byte) 0);
                    }
                    pages.limit(pages.capacity());
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
