package io.dioscope.ingest;

import static io.dioscope.ingest.decode.EventField.*;

import io.dioscope.ingest.decode.BodyCursor;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventDecoder;
import io.dioscope.ingest.decode.GenericEvents;
import io.dioscope.ingest.decode.Symbols;

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
                stats.header(b, start, end);
                return false;
            case LOSS:
                stats.loss(line, b, start, end);
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
        if (t.kind == LineKind.FUNCTION) {
            GenericEvents.function(symbols.intern(b, t.nameStart, t.nameEnd),
                    t.bodyEnd > t.bodyStart ? symbols.intern(b, t.bodyStart, t.bodyEnd) : null, sink);
        } else if (t.kind == LineKind.BLK) {
            GenericEvents.blk(cursor, sink);
            sink.setText(BODY, b, t.bodyStart, t.bodyEnd); // its [comm] and trailing fields are not typed
        } else {
            EventCatalog.Entry entry = catalog.find(b, t.nameStart, t.nameEnd);
            if (entry != null) {
                sink.setSymbol(EVENT, entry.nameBytes());
                EventDecoder decoder = entry.decoder();
                decoder.decode(cursor, sink);
                keepBody(b, sink);
            } else {
                sink.setSymbol(EVENT, symbols.intern(b, t.nameStart, t.nameEnd));
                GenericEvents.unknown(cursor, sink);
                sink.setText(BODY, b, t.bodyStart, t.bodyEnd);
            }
        }
        events++;
        if (t.ts < minTs) minTs = t.ts;
        if (t.ts > maxTs) maxTs = t.ts;
        return true;
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
