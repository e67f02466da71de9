package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

import java.util.List;

/**
 * Rows for lines that are not catalogued tracepoints: function entries, blk lines, unknown events.
 * {@code LineParser} routes these here by the line's shape, before (or instead of) looking a name up
 * in the {@link EventCatalog}, so they are not in its dispatch table; {@link #ROUTED} lists them for
 * {@code dioscope formats} and {@code event_types}.
 */
public final class GenericEvents {
    private GenericEvents() {}

    /** The kinds of line handled here, as listed after the catalog's entries. */
    static final List<EventType> ROUTED = List.of(
            // LineTokenizer: a device token (7,0) right after the timestamp, LineKind.BLK -> blk()
            new EventType("blk", "blk", "blk", "dev action flags sector len error from_dev from_sector body", BLOCK, DEVICE,
                    "a line of the blk tracer (7,0 Q WS 123 + 8 [comm]) or a blkparse record: action Q G I D C M F P U X A S T B; "
                    + "a remap (A: 7,0 A WS 403648 + 8 <- (259,0) 192) from_dev/from_sector its source"),
            // LineTokenizer: 'func <-parent' without a colon, LineKind.FUNCTION -> function()
            new EventType("function", "ftrace", "function", "func caller", CALL, NONE,
                    "a function-tracer entry 'func <-parent' (e.g. invalidate_inode_pages2_range <-__iomap_dio_rw)"),
            // LineParser: an event name the catalog does not know, whose body has a kprobe's shape -> unknown()
            new EventType("<probe name>", "kprobes", "kprobe", "func caller ino body", CALL, NONE,
                    "a kprobe '(symbol+0x0/0x3b0) key=value ...': func = probed symbol, the arguments in body"));

    public static void function(byte[] func, byte[] caller, EventRow row) {
        row.setSymbol(EVENT, ProbeEvents.FUNCTION_EVENT);
        row.setSymbol(FUNC, func);
        row.setSymbol(CALLER, caller);
    }

    public static void blk(BodyCursor body, EventRow row) {
        row.setSymbol(EVENT, BlockEvents.BLK_EVENT);
        BlockEvents.blkLine(body, row);
    }

    /** A blkparse record: a blk line with blkparse's columns between its device and its action. */
    public static void blkparse(BodyCursor body, EventRow row) {
        row.setSymbol(EVENT, BlockEvents.BLK_EVENT);
        BlockEvents.blkparseLine(body, row);
    }

    /** An event not in the catalog: a kprobe when its body has that shape, else just its name and body. */
    public static void unknown(BodyCursor body, EventRow row) {
        if (ProbeEvents.looksLikeProbe(body.bytes(), body.start(), body.end())) ProbeEvents.probe(body, row);
    }
}
