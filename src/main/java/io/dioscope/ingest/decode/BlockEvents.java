package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;

/**
 * Block-layer tracepoints and the {@code blk} tracer's blktrace-style lines. Both are positional:
 * {@code 7,0 WS 4096 () 2048 + 8 none,0,0 [comm]}; the range is on the device, in 512-byte sectors.
 */
final class BlockEvents {
    private BlockEvents() {}

    static final byte[] BLK_EVENT = Symbols.bytes("blk");
    private static final byte[] PLUS = Symbols.bytes(" + ");

    static void register(EventCatalog.Builder catalog) {
        EventDecoder request = BlockEvents::request;
        String rq = "a request or bio: flags = rwbs, sector/len its device range";
        String columns = "dev flags sector len";
        catalog.add("block", "block_rq_issue", "block", columns, BLOCK, DEVICE, rq, request);
        catalog.add("block", "block_bio_queue", "block", columns, BLOCK, DEVICE, rq, request);
        // not classified until a committed trace shows them (the test of real lines asks for one)
        for (String name : new String[] {"block_rq_insert", "block_rq_requeue", "block_bio_backmerge",
                "block_bio_frontmerge", "block_getrq", "block_bio_bounce", "block_split", "block_rq_remap",
                "block_bio_remap"}) {
            catalog.add("block", name, "block", columns, null, DEVICE, rq, request);
        }
        EventDecoder completion = BlockEvents::completion;
        String done = "a request or bio completes: flags = rwbs, error its status";
        catalog.add("block", "block_rq_complete", "block", columns + " error", BLOCK, DEVICE, done, completion);
        for (String name : new String[] {"block_rq_error", "block_bio_complete"}) {
            catalog.add("block", name, "block", columns + " error", null, DEVICE, done, completion);
        }
    }

    static void request(BodyCursor c, EventRow row) {
        readDeviceRange(c, row);
    }

    static void completion(BodyCursor c, EventRow row) {
        readDeviceRange(c, row);
        row.setInt(ERROR, lastBracketNumber(c));
    }

    /** {@code 7,0    Q  RM 2 + 1 [dioscen]}, {@code 7,0 P N [comm]}, {@code 7,0 X WS 192 / 2752 [comm]}. */
    static void blkLine(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        int end = c.end();
        int i = c.start();
        int e = Ascii.tokenEnd(b, i, end);
        row.setSymbol(DEV, c.symbols().device(b, i, e));
        i = Ascii.skipSpaces(b, e, end);
        e = Ascii.tokenEnd(b, i, end);
        byte action = i < e ? b[i] : 0;
        row.setSymbol(ACTION, c.symbols().intern(b, i, e));
        i = Ascii.skipSpaces(b, e, end);
        e = Ascii.tokenEnd(b, i, end);
        if (i < e && b[i] != '[') row.setSymbol(FLAGS, c.symbols().intern(b, i, e));
        i = Ascii.skipSpaces(b, e, end);
        if (i < end && Ascii.isDigit(b[i])) {
            row.setLong(SECTOR, number(c, "sector", i, end));
            int plus = Ascii.find(b, i, end, PLUS);
            if (plus >= 0) row.setLong(LEN, c.times(number(c, "sectors", plus + 3, end), Keys.SECTOR_SIZE, "sectors"));
        }
        if (action == 'C') row.setInt(ERROR, lastBracketNumber(c));
    }

    private static void readDeviceRange(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        int end = c.end();
        int i = c.start();
        int e = Ascii.tokenEnd(b, i, end);
        row.setSymbol(DEV, c.symbols().device(b, i, e));
        i = Ascii.skipSpaces(b, e, end);
        e = Ascii.tokenEnd(b, i, end);
        row.setSymbol(FLAGS, c.symbols().intern(b, i, e));
        int plus = Ascii.find(b, e, end, PLUS);
        if (plus < 0) return;
        int s = Ascii.skipSpacesBack(b, e, plus);
        while (s > e && Ascii.isDigit(b[s - 1])) s--;
        row.setLong(SECTOR, number(c, "sector", s, plus));
        row.setLong(LEN, c.times(number(c, "sectors", plus + 3, end), Keys.SECTOR_SIZE, "sectors"));
    }

    /** The kernel's "no sector" ((sector_t)-1, a flush request), printed as an unsigned 64-bit number. */
    private static final byte[] NO_SECTOR = Symbols.bytes("18446744073709551615");

    /**
     * The decimal at {@code i}: NULL when there is none or it is {@code 18446744073709551615} (a flush's
     * sector); a number that does not fit 64 bits otherwise is a problem of the line.
     */
    private static long number(BodyCursor c, String what, int i, int end) {
        byte[] b = c.bytes();
        long v = Ascii.parseDecimal(b, i, end);
        if (v != Ascii.NOT_A_NUMBER || i >= end || !Ascii.isDigit(b[i])) return v;
        int e = i;
        while (e < end && Ascii.isDigit(b[e])) e++;
        if (Ascii.equals(b, i, e, NO_SECTOR)) return Ascii.NOT_A_NUMBER;
        c.problem(what + " " + Ascii.text(b, i, Math.min(e, i + 40)) + " " + Ascii.describe(b, i, e, false));
        return Ascii.NOT_A_NUMBER;
    }

    /** The number in the last {@code [..]} of the line: the error of a completion. */
    private static long lastBracketNumber(BodyCursor c) {
        byte[] b = c.bytes();
        for (int k = c.end() - 1; k >= c.start(); k--) {
            if (b[k] == '[') return Ascii.parseDecimal(b, k + 1, c.end());
        }
        return Ascii.NOT_A_NUMBER;
    }
}
