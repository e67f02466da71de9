package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventField.*;

/** Rows for lines that are not catalogued tracepoints: function entries, blk lines, unknown events. */
public final class GenericEvents {
    private GenericEvents() {}

    public static void function(byte[] func, byte[] caller, EventRow row) {
        row.setSymbol(EVENT, ProbeEvents.FUNCTION_EVENT);
        row.setSymbol(FUNC, func);
        row.setSymbol(CALLER, caller);
    }

    public static void blk(BodyCursor body, EventRow row) {
        row.setSymbol(EVENT, BlockEvents.BLK_EVENT);
        BlockEvents.blkLine(body, row);
    }

    /** An event not in the catalog: a kprobe when its body has that shape, else just its name and body. */
    public static void unknown(BodyCursor body, EventRow row) {
        if (ProbeEvents.looksLikeProbe(body.bytes(), body.start(), body.end())) ProbeEvents.probe(body, row);
    }
}
