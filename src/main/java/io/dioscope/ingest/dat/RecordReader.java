package io.dioscope.ingest.dat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one buffer of a trace.dat in time order: each CPU's pages are read in order and the
 * CPUs merged by timestamp (ties go to the lower CPU, as trace-cmd report does). Timestamps come out
 * in nanoseconds: the trace clock's value, converted with the file's TSC2NSEC option when it has one,
 * plus its DATE and OFFSET options.
 */
public final class RecordReader {
    private final DatFile f;
    private final DatProblems problems;
    private final List<Cpu> cpus = new ArrayList<>();
    /** A binary heap of CPUs that have a current record, by (time, cpu). */
    private final Cpu[] heap;
    private int heapSize;
    private final int[] at = new int[1];

    /** The current record (after {@link #next()} returned true). */
    public int cpu;
    public long ts;
    public byte[] bytes;
    public int payload;
    public int length;
    /** Where it is: page number within its CPU's data and record number within the page. */
    public long page;
    public int index;
    /** Events the ring buffer lost on this CPU just before this record: 0 none, -1 some (count unknown). */
    public long lostBefore;

    private static final class Cpu {
        final int cpu;
        final CpuPages pages;
        final PageReader reader;
        boolean pageLost;

        Cpu(int cpu, CpuPages pages, PageReader reader) {
            this.cpu = cpu;
            this.pages = pages;
            this.reader = reader;
        }
    }

    RecordReader(DatFile f, DatBuffer buffer, DatProblems problems) throws DatException, IOException {
        this.f = f;
        this.problems = problems;
        HeaderPage layout = HeaderPage.parse(f.headerPage);
        for (DatBuffer.CpuData d : buffer.cpus()) {
            cpus.add(new Cpu(d.cpu(), new CpuPages(f, buffer, d, problems),
                    new PageReader(layout, f.bigEndian, buffer.pageSize())));
        }
        heap = new Cpu[cpus.size()];
        for (Cpu c : cpus) {
            if (advance(c)) push(c);
        }
    }

    /**
     * Moves to the next record of the buffer; false when every CPU is exhausted. The record's bytes stay
     * valid until the next call.
     */
    public boolean next() throws IOException {
        release();
        if (heapSize == 0) return false;
        Cpu c = heap[0];
        PageReader r = c.reader;
        cpu = c.cpu;
        ts = toNanos(r.time);
        bytes = r.bytes();
        payload = r.payload;
        length = r.length;
        page = c.pages.pageIndex();
        index = r.recordIndex;
        lostBefore = c.pageLost ? r.lostBefore() : 0;
        c.pageLost = false;
        pendingAdvance = c; // it moves on at the next call: until then its page holds this record's bytes
        return true;
    }

    private Cpu pendingAdvance;

    /** Lets the CPU of the record handed out last move on to its next record. */
    private void release() throws IOException {
        Cpu c = pendingAdvance;
        if (c == null) return;
        pendingAdvance = null;
        if (advance(c)) {
            heap[0] = c;
            siftDown(0);
        } else {
            heap[0] = heap[--heapSize];
            heap[heapSize] = null;
            if (heapSize > 0) siftDown(0);
        }
    }

    /** Moves a CPU to its next record, loading pages as needed; false when it has none left. */
    private boolean advance(Cpu c) throws IOException {
        while (true) {
            if (c.pages.pageIndex() >= 0 && c.reader.next()) return true;
            if (c.pages.pageIndex() >= 0 && c.reader.problem() != null) {
                problems.add(c.pages.who() + ", page " + c.pages.pageIndex() + ": " + c.reader.problem()
                        + "; the rest of that page is not read");
            }
            byte[] page = c.pages.next(at);
            if (page == null) return false;
            c.reader.load(page, at[0]);
            if (c.reader.lostBefore() != 0) c.pageLost = true;
        }
    }

    private long toNanos(long raw) {
        long t = raw;
        if (f.tscMult != 0) t = mulShift(raw, f.tscMult, f.tscShift);
        return t + f.timeOffset;
    }

    /** {@code (a * mult) >> shift} without overflow, as trace-cmd's mul_u64_u32_shr. */
    static long mulShift(long a, long mult, int shift) {
        long lo = (a & 0xffffffffL) * mult;
        long hi = (a >>> 32) * mult;
        long r = lo >>> shift;
        if (shift <= 32) return r + (hi << (32 - shift));
        return r + (hi >>> (shift - 32));
    }

    private boolean less(Cpu a, Cpu b) {
        long ta = a.reader.time, tb = b.reader.time;
        if (ta != tb) return Long.compareUnsigned(ta, tb) < 0;
        return a.cpu < b.cpu;
    }

    private void push(Cpu c) {
        int i = heapSize++;
        heap[i] = c;
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!less(heap[i], heap[p])) break;
            Cpu t = heap[p];
            heap[p] = heap[i];
            heap[i] = t;
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < heapSize && less(heap[l], heap[m])) m = l;
            if (r < heapSize && less(heap[r], heap[m])) m = r;
            if (m == i) return;
            Cpu t = heap[m];
            heap[m] = heap[i];
            heap[i] = t;
            i = m;
        }
    }
}
