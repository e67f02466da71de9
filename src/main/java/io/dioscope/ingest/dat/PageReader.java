package io.dioscope.ingest.dat;

/**
 * The records of one ring-buffer page (the kernel's {@code buffer_data_page}; libtraceevent's
 * {@code kbuffer-parse.c} reads the same layout). The page starts with its base timestamp and its
 * {@code commit} word: the data size in the low 27 bits, bit 31 set when events were lost before this
 * page, bit 30 when their count is stored after the data. Each record starts with a 32-bit header:
 * {@code type_len} (5 bits) and {@code time_delta} (27 bits); type_len 1..28 is a record of type_len x 4
 * bytes, 0 one whose length is in the next word, 29 padding, 30 a time extend, 31 an absolute timestamp.
 */
final class PageReader {
    static final int TYPE_PADDING = 29;
    static final int TYPE_TIME_EXTEND = 30;
    static final int TYPE_TIME_STAMP = 31;
    static final long COMMIT_MASK = (1L << 27) - 1;
    static final long MISSED_EVENTS = 1L << 31;
    static final long MISSED_STORED = 1L << 30;
    /** An absolute timestamp keeps the top 5 bits of the running time (they are not in the record). */
    static final long TS_MSB = 0xf8L << 56;

    private final HeaderPage layout;
    private final boolean bigEndian;
    private final int pageSize;

    private byte[] b;
    private int data;
    private int size;
    private int next;
    private long ts;
    private long lost;
    private int index;
    private String problem;

    /** The current record: payload {@code b[payload, payload + length)}, its time and its number on the page. */
    int payload;
    int length;
    long time;
    int recordIndex;

    PageReader(HeaderPage layout, boolean bigEndian, int pageSize) {
        this.layout = layout;
        this.bigEndian = bigEndian;
        this.pageSize = pageSize;
    }

    /** Starts reading the page at {@code page[off]}; its events lost before it are then {@link #lostBefore()}. */
    void load(byte[] page, int off) {
        b = page;
        problem = null;
        ts = ByteCursor.number(page, off + layout.timestampOffset(), 8, bigEndian);
        long commit = ByteCursor.number(page, off + layout.commitOffset(), layout.commitSize(), bigEndian);
        data = off + layout.dataOffset();
        size = (int) (commit & COMMIT_MASK);
        int room = pageSize - layout.dataOffset();
        if (size > room) {
            problem = "a page says it holds " + size + " bytes of events, more than its " + room;
            size = 0;
        }
        if ((commit & MISSED_EVENTS) == 0) {
            lost = 0;
        } else if ((commit & MISSED_STORED) != 0 && size + layout.commitSize() <= room) {
            lost = ByteCursor.number(page, data + size, layout.commitSize(), bigEndian);
        } else {
            lost = -1;
        }
        next = 0;
        index = -1;
    }

    /** Events lost before this page: 0 none, -1 some (how many unknown). */
    long lostBefore() {
        return lost;
    }

    /** Why the page could not be read to its end, or null. */
    String problem() {
        return problem;
    }

    /** Moves to the next record; false at the end of the page. */
    boolean next() {
        while (next < size) {
            int at = data + next;
            if (size - next < 4) return stop("a record header is cut by the end of the page data");
            long header = ByteCursor.number(b, at, 4, bigEndian);
            int typeLen;
            long delta;
            if (bigEndian) {
                typeLen = (int) (header >>> 27);
                delta = header & ((1 << 27) - 1);
            } else {
                typeLen = (int) (header & 31);
                delta = header >>> 5;
            }
            switch (typeLen) {
                case TYPE_PADDING -> {
                    if (size - next < 8) return stop("a padding record is cut by the end of the page data");
                    long len = ByteCursor.number(b, at + 4, 4, bigEndian);
                    ts += delta;
                    if (delta == 0 && len == 0) return end(); // the rest of the page is empty
                    if (len <= 0 || len > size - next - 4) return end();
                    next += 4 + (int) len;
                }
                case TYPE_TIME_EXTEND, TYPE_TIME_STAMP -> {
                    if (size - next < 8) return stop("a time record is cut by the end of the page data");
                    long extend = (ByteCursor.number(b, at + 4, 4, bigEndian) << 27) + delta;
                    ts = typeLen == TYPE_TIME_STAMP ? extend | (ts & TS_MSB) : ts + extend;
                    next += 8;
                }
                case 0 -> {
                    if (size - next < 8) return stop("a record length is cut by the end of the page data");
                    long len = ByteCursor.number(b, at + 4, 4, bigEndian) - 4;
                    len = (len + 3) & ~3L;
                    if (len < 0 || len > size - next - 8) return stop("a record of " + len + " bytes goes beyond the page data");
                    ts += delta;
                    return record(at + 8, (int) len, 8 + (int) len);
                }
                default -> {
                    int len = typeLen * 4;
                    if (len > size - next - 4) return stop("a record of " + len + " bytes goes beyond the page data");
                    ts += delta;
                    return record(at + 4, len, 4 + len);
                }
            }
        }
        return false;
    }

    private boolean record(int start, int len, int advance) {
        payload = start;
        length = len;
        time = ts;
        recordIndex = ++index;
        next += advance;
        return true;
    }

    private boolean stop(String why) {
        problem = why;
        next = size;
        return false;
    }

    private boolean end() {
        next = size;
        return false;
    }

    byte[] bytes() {
        return b;
    }
}
