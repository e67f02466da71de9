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
        String rq = "a request or bio: flags = rwbs, sector/len its device range, action the blktrace "
                + "action it is (";
        String columns = "dev flags sector len action";
        // each tracepoint is one of blktrace's actions (kernel/trace/blktrace.c hooks the same
        // tracepoints: blk_add_trace_bio_queue is Q, ..._getrq G, ..._rq_insert I, ..._rq_issue D)
        request(catalog, "block_bio_queue", 'Q', BLOCK, rq + "Q: a bio queued)");
        request(catalog, "block_rq_issue", 'D', BLOCK, rq + "D: issued to the driver)");
        // not classified until a committed trace shows them (the test of real lines asks for one)
        request(catalog, "block_getrq", 'G', null, rq + "G: a request allocated for a bio)");
        request(catalog, "block_rq_insert", 'I', null, rq + "I: inserted into the scheduler)");
        request(catalog, "block_rq_requeue", 'R', null, rq + "R: put back to be issued again)");
        request(catalog, "block_bio_backmerge", 'M', null, rq + "M: merged at the back of a request)");
        request(catalog, "block_bio_frontmerge", 'F', null, rq + "F: merged at the front of a request)");
        request(catalog, "block_bio_bounce", 'B', null, rq + "B: bounced)");
        request(catalog, "block_split", 'X', null, rq + "X: split)");
        // a partition's bios (blk_partition_remap) and device-mapper's clones are remapped to the
        // device below before they are queued there: dev/sector are where the bio goes, from_dev/
        // from_sector where it was addressed ('7,0 WS 403648 + 8 <- (259,0) 192')
        String remap = "a bio or request remapped to another device (action A): dev/sector/len where it goes, "
                + "from_dev/from_sector the device and sector it was addressed to";
        EventDecoder remapped = (c, row) -> {
            readDeviceRange(c, row);
            row.setSymbol(ACTION, REMAP);
            remapSource(c, c.start(), row);
        };
        catalog.add("block", "block_bio_remap", "block", "dev flags sector len action from_dev from_sector", BLOCK,
                DEVICE, remap, remapped);
        catalog.add("block", "block_rq_remap", "block", "dev flags sector len action from_dev from_sector", null,
                DEVICE, remap, remapped);
        String done = "a request or bio completes: flags = rwbs, error its status, action C";
        EventDecoder completion = BlockEvents::completion;
        catalog.add("block", "block_rq_complete", "block", columns + " error", BLOCK, DEVICE, done, completion);
        for (String name : new String[] {"block_rq_error", "block_bio_complete"}) {
            catalog.add("block", name, "block", columns + " error", null, DEVICE, done, completion);
        }
    }

    private static void request(EventCatalog.Builder catalog, String name, char action, EventAccess access,
            String description) {
        byte[] symbol = Symbols.bytes(String.valueOf(action));
        EventDecoder decoder = (c, row) -> {
            readDeviceRange(c, row);
            row.setSymbol(ACTION, symbol);
        };
        catalog.add("block", name, "block", "dev flags sector len action", access, DEVICE, description, decoder);
    }

    private static final byte[] COMPLETE = Symbols.bytes("C");
    private static final byte[] REMAP = Symbols.bytes("A");
    private static final byte[] ARROW = Symbols.bytes("<- (");

    /**
     * The source of a remap, {@code <- (259,0) 192} after {@code from}, as the tracepoints, the blk
     * tracer and blkparse all print it (the blk tracer's and blkparse's from struct blk_io_trace_remap).
     */
    private static void remapSource(BodyCursor c, int from, EventRow row) {
        byte[] b = c.bytes();
        int end = c.end();
        int open = Ascii.find(b, from, end, ARROW);
        if (open < 0) return;
        int i = open + ARROW.length;
        int close = Ascii.indexOf(b, i, end, (byte) ')');
        if (close < 0) return;
        row.setSymbol(FROM_DEV, c.symbols().device(b, i, close));
        i = Ascii.skipSpaces(b, close + 1, end);
        if (i < end && Ascii.isDigit(b[i])) row.setLong(FROM_SECTOR, number(c, "sector", i, end));
    }

    static void completion(BodyCursor c, EventRow row) {
        readDeviceRange(c, row);
        row.setSymbol(ACTION, COMPLETE);
        row.setInt(ERROR, lastBracketNumber(c));
    }

    /** {@code 7,0    Q  RM 2 + 1 [dioscen]}, {@code 7,0 P N [comm]}, {@code 7,0 X WS 192 / 2752 [comm]}. */
    static void blkLine(BodyCursor c, EventRow row) {
        actionFields(c, Ascii.skipSpaces(c.bytes(), device(c, row), c.end()), row);
    }

    /**
     * A blkparse record from its device on: {@code 7,0 1 0 0.000054022 22 C RM 32 + 8 [0]}. The cpu,
     * sequence, time and pid between the device and the action are the line's header (LineTokenizer).
     */
    static void blkparseLine(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        int end = c.end();
        int i = device(c, row);
        for (int column = 0; column < 4; column++) i = Ascii.tokenEnd(b, Ascii.skipSpaces(b, i, end), end);
        actionFields(c, Ascii.skipSpaces(b, i, end), row);
    }

    /** The device token at the body's start; returns where it ends. */
    private static int device(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        int e = Ascii.tokenEnd(b, c.start(), c.end());
        row.setSymbol(DEV, c.symbols().device(b, c.start(), e));
        return e;
    }

    /** {@code Q RM 2 + 1 [comm]} from the action on, as the blk tracer and blkparse both print it. */
    private static void actionFields(BodyCursor c, int i, EventRow row) {
        byte[] b = c.bytes();
        int end = c.end();
        int e = Ascii.tokenEnd(b, i, end);
        byte action = e == i + 1 ? b[i] : 0;
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
        if (action == 'A') remapSource(c, i, row);
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
