package io.dioscope.ingest.decode;

/**
 * How an event's {@code pos} and {@code len} are to be read: the vocabulary of {@code event_types.range},
 * written down here once (the database holds it as {@code range_kinds}). {@code 40_file_events.sql}
 * turns {@link #FILE} and {@link #TO_EOF} into byte ranges; the others are informative.
 */
public enum EventRange {
    BYTES("bytes", "pos/len are the bytes of the file it concerns"),
    PAGES("pages", "whole pages of the file: pos is page-aligned (an offset, or a page index x PAGE_SIZE) and len "
            + "the page or folio size, or the pages first-last it printed"),
    FILE("file", "the whole file: the event prints no range (file_events: pos 0, len 2^62)"),
    TO_EOF("to-eof", "from pos, a new size, to the end of the file (file_events: len 2^62 - pos)"),
    POSITION("position", "pos is a position, not the start of the bytes concerned (iomap_dio_complete: the "
            + "position after the I/O; iomap_dio_rw_queued: the end of what was submitted)"),
    DEVICE("device", "sector/len: a range of the block device, not of a file"),
    NONE("none", "no range of a file (or not a whole one: iomap_readahead prints a length without its offset)");

    /** The name in SQL ({@code event_types.range}). */
    public final String sqlName;
    public final String meaning;

    EventRange(String sqlName, String meaning) {
        this.sqlName = sqlName;
        this.meaning = meaning;
    }
}
