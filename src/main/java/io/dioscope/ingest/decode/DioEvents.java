package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

/**
 * The iomap direct-I/O events (fs/iomap/trace.h). Their {@code size} is i_size; {@code offset} is
 * the file position: where the I/O starts for {@code iomap_dio_rw_begin} and
 * {@code iomap_dio_invalidate_fail}, but the position <em>after</em> the I/O for
 * {@code iomap_dio_complete} (ki_pos has already been advanced by ret) and the end of what was
 * submitted for {@code iomap_dio_rw_queued}.
 */
final class DioEvents {
    private DioEvents() {}

    /** The kernel's iomap_range_class, which the folio events share: see {@link #range}. */
    static final EventDecoder RANGE = DioEvents::range;

    static void register(EventCatalog.Builder catalog) {
        catalog.add("iomap", "iomap_dio_rw_begin", "dio", "dev ino isize pos len done_before flags dio_flags aio",
                DIO_BEGIN, BYTES, "a direct I/O starts: pos/len is the range asked for", DioEvents::begin);
        catalog.add("iomap", "iomap_dio_rw_queued", "dio", "dev ino isize pos len", DIO_QUEUED, POSITION,
                "an async direct I/O was submitted: pos is the end of what was submitted, len what is left", RANGE);
        catalog.add("iomap", "iomap_dio_complete", "dio", "dev ino isize pos flags aio error ret", DIO_COMPLETE,
                POSITION, "a direct I/O completes: pos is the position AFTER it (start + ret)", DioEvents::complete);
        catalog.add("iomap", "iomap_dio_invalidate_fail", "dio", "dev ino isize pos len", DIO_FALLBACK, BYTES,
                "pre-write page-cache invalidation failed; the write falls back to buffered I/O", RANGE);
    }

    static void begin(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(ISIZE, c.hex(Keys.SIZE));
        row.setLong(POS, c.hex(Keys.OFFSET));
        row.setLong(LEN, c.hex(Keys.LENGTH));
        row.setLong(DONE_BEFORE, c.hex(Keys.DONE_BEFORE));
        row.setSymbol(FLAGS, c.word(Keys.FLAGS));
        row.setSymbol(DIO_FLAGS, c.word(Keys.DIO_FLAGS));
        row.setBool(AIO, c.dec(Keys.AIO));
    }

    static void complete(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(ISIZE, c.hex(Keys.SIZE));
        row.setLong(POS, c.hex(Keys.OFFSET));
        row.setSymbol(FLAGS, c.word(Keys.FLAGS));
        row.setBool(AIO, c.dec(Keys.AIO));
        row.setInt(ERROR, c.dec(Keys.ERROR));
        row.setLong(RET, c.dec(Keys.RET));
    }

    /** The kernel's iomap_range_class, shared with the folio events: dev ino size offset length. */
    static void range(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(ISIZE, c.hex(Keys.SIZE));
        row.setLong(POS, c.hex(Keys.OFFSET));
        row.setLong(LEN, c.hex(Keys.LENGTH));
    }
}
