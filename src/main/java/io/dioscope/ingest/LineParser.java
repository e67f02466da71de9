package io.dioscope.ingest;

import static io.dioscope.ingest.decode.EventField.*;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;
import io.dioscope.ingest.decode.BodyCursor;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventDecoder;
import io.dioscope.ingest.decode.EventField;
import io.dioscope.ingest.decode.EventRow;
import io.dioscope.ingest.decode.GenericEvents;

/**
 * Parses lines of one trace into rows: tokenizes the header, looks the event up in the catalog and
 * lets its decoder type the body. One per parser thread (it holds scratch state); many share a
 * {@link ParseStats}.
 */
public final class LineParser {
    private final LineTokenizer tokenizer;
    private final EventCatalog catalog;
    private final ParseStats stats;
    private final boolean keepBody;
    private final TokenizedLine t = new TokenizedLine();
    private final Symbols symbols = new Symbols();
    private final BodyCursor cursor = new BodyCursor(symbols);
    private final CheckedRow checked = new CheckedRow();

    private long events;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public LineParser(TraceFormat format, EventCatalog catalog, ParseStats stats, boolean keepBody) {
        this.tokenizer = new LineTokenizer(format);
        this.catalog = catalog;
        this.stats = stats;
        this.keepBody = keepBody;
    }

    /** Parses {@code b[start, end)}, line number {@code line}; returns true when it produced a row. */
    public boolean parse(byte[] b, int start, int end, long line, RowSink sink) {
        tokenizer.tokenize(b, start, end, t);
        switch (t.kind) {
            case HEADER:
                stats.header(t.meta);
                return false;
            case LOSS:
                stats.loss(line, t.meta);
                return false;
            case UNPARSED:
                stats.unparsed(line, b, start, end, t.problem);
                return false;
            default:
                break;
        }
        sink.beginRow();
        sink.setLong(LINE, line);
        sink.setLong(TS, t.ts);
        sink.setInt(CPU, t.cpu);
        sink.setInt(PID, t.pid);
        if (t.tgid >= 0) sink.setInt(TGID, t.tgid);
        sink.setSymbol(COMM, symbols.intern(b, t.commStart, t.commEnd));
        if (t.irqStart >= 0) sink.setSymbol(IRQ_FLAGS, symbols.intern(b, t.irqStart, t.irqEnd));
        cursor.reset(b, t.bodyStart, t.bodyEnd);
        checked.begin(sink);
        EventCatalog.Entry entry = null;
        if (t.kind == LineKind.FUNCTION) {
            GenericEvents.function(symbols.intern(b, t.nameStart, t.nameEnd),
                    t.bodyEnd > t.bodyStart ? symbols.intern(b, t.bodyStart, t.bodyEnd) : null, checked);
        } else if (t.kind == LineKind.BLK) {
            GenericEvents.blk(cursor, checked);
            sink.setText(BODY, b, t.bodyStart, t.bodyEnd); // its [comm] and trailing fields are not typed
        } else {
            entry = catalog.find(b, t.nameStart, t.nameEnd);
            if (entry != null) {
                sink.setSymbol(EVENT, entry.nameBytes());
                EventDecoder decoder = entry.decoder();
                decoder.decode(cursor, checked);
                keepBody(b, sink);
            } else {
                sink.setSymbol(EVENT, symbols.intern(b, t.nameStart, t.nameEnd));
                GenericEvents.unknown(cursor, checked);
                sink.setText(BODY, b, t.bodyStart, t.bodyEnd);
            }
        }
        String problem = cursor.problem() != null ? cursor.problem() : checked.problem;
        if (problem == null && entry != null && (checked.set & entry.required()) != entry.required()) {
            problem = missing(entry, checked.set);
        }
        if (problem != null) {
            // never a wrapped, truncated or missing value: the line is a counted parse problem
            sink.abortRow();
            stats.unparsed(line, b, start, end, problem);
            return false;
        }
        events++;
        if (t.ts < minTs) minTs = t.ts;
        if (t.ts > maxTs) maxTs = t.ts;
        return true;
    }

    /** "iomap_dio_rw_begin without ino, len": the required fields the line did not yield. */
    private static String missing(EventCatalog.Entry entry, long set) {
        StringBuilder s = new StringBuilder(entry.name).append(" without ");
        long absent = entry.required() & ~set;
        boolean first = true;
        for (EventField f : EventField.values()) {
            if ((absent & (1L << f.ordinal())) == 0) continue;
            if (!first) s.append(", ");
            s.append(f.column);
            first = false;
        }
        return s.toString();
    }

    /**
     * The row a decoder writes to: passes every value on, notes which fields were set, and refuses
     * values that do not fit their column (an int field beyond 32 bits) or cannot be negative.
     */
    private static final class CheckedRow implements EventRow {
        private static final long NON_NEGATIVE = bits(INO, POS, LEN, ISIZE, DONE_BEFORE, PFN, SECTOR);

        RowSink sink;
        long set;
        String problem;

        void begin(RowSink target) {
            sink = target;
            set = 0;
            problem = null;
        }

        private static long bits(EventField... fields) {
            long m = 0;
            for (EventField f : fields) m |= 1L << f.ordinal();
            return m;
        }

        private void refuse(String reason) {
            if (problem == null) problem = reason;
        }

        @Override
        public void setLong(EventField field, long value) {
            if (value == Ascii.NOT_A_NUMBER) return;
            long bit = 1L << field.ordinal();
            if (value < 0 && (NON_NEGATIVE & bit) != 0) {
                refuse(field.column + " " + value + " is negative");
                return;
            }
            set |= bit;
            sink.setLong(field, value);
        }

        @Override
        public void setInt(EventField field, long value) {
            if (value == Ascii.NOT_A_NUMBER) return;
            if (value != (int) value) {
                refuse(field.column + " " + value + " does not fit 32 bits");
                return;
            }
            set |= 1L << field.ordinal();
            sink.setInt(field, value);
        }

        @Override
        public void setBool(EventField field, long value) {
            if (value == Ascii.NOT_A_NUMBER) return;
            set |= 1L << field.ordinal();
            sink.setBool(field, value);
        }

        @Override
        public void setSymbol(EventField field, byte[] symbol) {
            if (symbol == null) return;
            set |= 1L << field.ordinal();
            sink.setSymbol(field, symbol);
        }

        @Override
        public void setText(EventField field, byte[] b, int start, int end) {
            set |= 1L << field.ordinal();
            sink.setText(field, b, start, end);
        }
    }

    private void keepBody(byte[] b, RowSink sink) {
        if (keepBody) sink.setText(BODY, b, t.bodyStart, t.bodyEnd);
    }

    /** Adds this parser's counts to the shared stats; call once, when its thread is done. */
    public void flushCounts() {
        stats.addEvents(events, minTs, maxTs);
        events = 0;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
    }
}
