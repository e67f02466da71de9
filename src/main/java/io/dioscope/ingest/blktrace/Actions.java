package io.dioscope.ingest.blktrace;

/**
 * What blkparse prints for a record's action: the letter of what happened (the low bits, enum
 * blktrace_act: __BLK_TA_QUEUE = 1 ... __BLK_TA_REMAP = 15) and the RWBS letters of the request's
 * categories (the high bits), as blkparse's fill_rwbs builds them: F (preflush), then D (discard), W
 * (write), R (a read with data) or N (no data), then F (FUA), A (readahead), S (sync), M (metadata).
 */
final class Actions {
    private static final String[] LETTERS = {
        null, "Q", "M", "F", "G", "S", "R", "D", "C", "P", "U", "UT", "I", "X", "B", "A"
    };

    private Actions() {}

    /** blkparse's letter for the action, or null for one it does not print (driver data, abort). */
    static String letter(int what) {
        return what > 0 && what < LETTERS.length ? LETTERS[what] : null;
    }

    static String rwbs(BlkIoTrace t) {
        int tc = t.categories();
        StringBuilder s = new StringBuilder(5);
        if ((tc & BlkIoTrace.TC_FLUSH) != 0) s.append('F');
        if ((tc & BlkIoTrace.TC_DISCARD) != 0) s.append('D');
        else if ((tc & BlkIoTrace.TC_WRITE) != 0) s.append('W');
        else if (t.bytes() != 0) s.append('R');
        else s.append('N');
        if ((tc & BlkIoTrace.TC_FUA) != 0) s.append('F');
        if ((tc & BlkIoTrace.TC_AHEAD) != 0) s.append('A');
        if ((tc & BlkIoTrace.TC_SYNC) != 0) s.append('S');
        if ((tc & BlkIoTrace.TC_META) != 0) s.append('M');
        return s.toString();
    }
}
