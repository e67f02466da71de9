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
 *
 * <p>The call-chain frames perf script prints under an event ({@link CallChainFrame}) go to a
 * {@link CallChainSink}, keyed by the event's line: a frame belongs to the event line directly above
 * its run of frames, and any other line in between (blank, header, a line that could not be parsed)
 * ends the chain. The parser sees the lines of one block in order, and {@link LineBlockReader} never
 * cuts a block between an event and its chain, so the event of a frame is always in the frame's block;
 * a frame with none above it there is a counted parse problem saying why.
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
    private final CallChainSink chains;

    /** The event line the next call-chain frame belongs to; -1 when the line above the frame is no event. */
    private long chainEvent = -1;
    private int chainDepth;
    /** The last line that was not a frame, in this block (0: none yet), and whether it could not be parsed. */
    private long lineAbove;
    private boolean lineAboveUnparsed;
    private long blockFirstLine;
    private long blockCallChainOf;
    private int maxChainBytes;

    private long events;
    private long frames;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public LineParser(TraceFormat format, EventCatalog catalog, ParseStats stats, boolean keepBody,
            CallChainSink chains) {
        this.tokenizer = new LineTokenizer(format);
        this.catalog = catalog;
        this.stats = stats;
        this.keepBody = keepBody;
        this.chains = chains;
    }

    /** Sets the traced machine's page size, the unit of the page indexes and folio orders of the lines to come. */
    public void pageSize(long bytes) {
        cursor.pageSize(bytes);
    }

    /**
     * The lines that follow are {@code block}'s, from its first: no event line above them yet.
     * {@code maxChainBytes}: the reader's {@link LineBlockReader#maxChainBytes()}, for the reason given to
     * the frames of a chain cut at that size.
     */
    public void startBlock(LineBlock block, int maxChainBytes) {
        chainEvent = -1;
        lineAbove = 0;
        lineAboveUnparsed = false;
        blockFirstLine = block.firstLine;
        blockCallChainOf = block.callChainOf;
        this.maxChainBytes = maxChainBytes;
    }

    /** Line {@code line} was not handed to {@link #parse} (longer than the maximum): it ends any chain above it. */
    public void skipped(long line) {
        chainEvent = -1;
        lineAbove = line;
        lineAboveUnparsed = true;
    }

    /** Parses {@code b[start, end)}, line number {@code line}; returns true when it produced a row. */
    public boolean parse(byte[] b, int start, int end, long line, RowSink sink) {
        tokenizer.tokenize(b, start, end, t);
        if (t.kind == LineKind.CALL_FRAME) {
            frame(b, start, end, line);
            return false;
        }
        // any other line ends the chain above it; only an event starts a new one (below)
        skipped(line);
        switch (t.kind) {
            case HEADER:
                lineAboveUnparsed = false;
                stats.header(t.meta);
                return false;
            case LOSS:
                lineAboveUnparsed = false;
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
        // a blkparse record names its task only when a notify record did (and never on a completion)
        if (t.commEnd > t.commStart) sink.setSymbol(COMM, symbols.intern(b, t.commStart, t.commEnd));
        if (t.irqStart >= 0) sink.setSymbol(IRQ_FLAGS, symbols.intern(b, t.irqStart, t.irqEnd));
        cursor.reset(b, t.bodyStart, t.bodyEnd);
        checked.begin(sink);
        EventCatalog.Entry entry = null;
        if (t.kind == LineKind.FUNCTION) {
            GenericEvents.function(symbols.intern(b, t.nameStart, t.nameEnd),
                    t.bodyEnd > t.bodyStart ? symbols.intern(b, t.bodyStart, t.bodyEnd) : null, checked);
        } else if (t.kind == LineKind.BLK) {
            if (tokenizer.format() == TraceFormat.BLKPARSE) {
                GenericEvents.blkparse(cursor, checked);
            } else {
                GenericEvents.blk(cursor, checked);
            }
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
        chainEvent = line;
        chainDepth = 0;
        lineAboveUnparsed = false;
        return true;
    }

    private void frame(byte[] b, int start, int end, long line) {
        if (chainEvent < 0) {
            stats.unparsed(line, b, start, end, orphanFrame());
            return;
        }
        CallChainFrame f = t.frame;
        chains.frame(chainEvent, chainDepth++, f.address,
                f.symbolStart < 0 ? null : symbols.intern(b, f.symbolStart, f.symbolEnd), f.symbolOffset,
                f.dsoStart < 0 ? null : symbols.intern(b, f.dsoStart, f.dsoEnd));
        frames++;
    }

    /** Why a frame with no event line above it is not kept. */
    private String orphanFrame() {
        if (lineAbove > 0) {
            return "call-chain frame under line " + lineAbove + ", which "
                    + (lineAboveUnparsed ? "could not be parsed" : "is not an event");
        }
        if (blockCallChainOf > 0) {
            return "call-chain frame of line " + blockCallChainOf + " past the first " + maxChainBytes
                    + " bytes of that event and its call chain, which are all that is read as one piece: not kept";
        }
        return "call-chain frame with no event line above it"
                + (blockFirstLine == 1 ? " (the trace starts inside a call chain: cut from a longer file?)" : "");
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
        private static final long NON_NEGATIVE = bits(INO, POS, LEN, ISIZE, DONE_BEFORE, PFN, SECTOR, FROM_SECTOR);

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
        stats.addCallChainFrames(frames);
        events = 0;
        frames = 0;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
    }
}
