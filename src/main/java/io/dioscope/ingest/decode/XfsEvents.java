package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

import io.dioscope.bytes.Ascii;

/**
 * XFS file I/O and space-management events (fs/xfs/xfs_trace.h). The file events print the on-disk
 * size ({@code disize}; {@code size} before 6.x); the space operations print only the inode, so they
 * concern the whole file.
 */
final class XfsEvents {
    private XfsEvents() {}

    static void register(EventCatalog.Builder catalog) {
        EventDecoder file = XfsEvents::file;
        String io = "a read or write enters XFS: pos/len the range, isize the on-disk size";
        String columns = "dev ino isize pos len";
        catalog.add("xfs", "xfs_file_buffered_read", "xfs", columns, BUFFERED_READ, BYTES, io, file);
        catalog.add("xfs", "xfs_file_direct_read", "xfs", columns, DIO_BEGIN, BYTES, io, file);
        catalog.add("xfs", "xfs_file_dax_read", "xfs", columns, null, BYTES, io, file);
        catalog.add("xfs", "xfs_file_buffered_write", "xfs", columns, BUFFERED_WRITE, BYTES, io, file);
        catalog.add("xfs", "xfs_file_direct_write", "xfs", columns, DIO_BEGIN, BYTES, io, file);
        catalog.add("xfs", "xfs_file_dax_write", "xfs", columns, null, BYTES, io, file);
        EventDecoder endIo = XfsEvents::endIo;
        for (String name : new String[] {"xfs_end_io_direct_write", "xfs_end_io_direct_write_unwritten",
                "xfs_end_io_direct_write_append"}) {
            catalog.add("xfs", name, "xfs", columns, DIO_COMPLETE, BYTES,
                    "a direct write completes in XFS (in the completing task): pos/len the range written", endIo);
        }
        for (String name : new String[] {"xfs_free_file_space", "xfs_zero_file_space", "xfs_collapse_file_space",
                "xfs_insert_file_space"}) {
            catalog.add("xfs", name, "xfs", "dev ino", SPACE_OP, FILE,
                    "a punch/zero/collapse/insert starts; the event carries no range (whole file)", XfsEvents::inode);
        }
        catalog.add("xfs", "xfs_itruncate_extents_start", "xfs", "dev ino isize pos", SPACE_EFFECT, TO_EOF,
                "extents beyond pos (the new size) are being removed", XfsEvents::truncate);
        catalog.add("xfs", "xfs_itruncate_extents_end", "xfs", "dev ino isize pos", null, TO_EOF,
                "extents beyond pos (the new size) were removed", XfsEvents::truncate);
    }

    static void file(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        long size = c.hex(Keys.DISIZE);
        if (size == Ascii.NOT_A_NUMBER) size = c.hex(Keys.SIZE);
        row.setLong(ISIZE, size);
        long pos = c.hex(Keys.POS);
        if (pos == Ascii.NOT_A_NUMBER) pos = c.hex(Keys.OFFSET);
        row.setLong(POS, pos);
        long count = c.hex(Keys.BYTECOUNT);
        if (count == Ascii.NOT_A_NUMBER) count = c.hex(Keys.COUNT);
        row.setLong(LEN, count);
    }

    /** {@code isize 0x400000 disize 0x400000 pos 0x0 bytecount 0x10000}; older kernels: offset/count. */
    static void endIo(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(ISIZE, c.hex(Keys.ISIZE));
        int afterSizes = c.position();
        long pos = c.hex(Keys.POS);
        if (pos == Ascii.NOT_A_NUMBER) {
            c.moveTo(afterSizes);
            pos = c.hex(Keys.OFFSET);
        }
        row.setLong(POS, pos);
        int afterPos = c.position();
        long count = c.hex(Keys.BYTECOUNT);
        if (count == Ascii.NOT_A_NUMBER) {
            c.moveTo(afterPos);
            count = c.num(Keys.COUNT);
        }
        row.setLong(LEN, count);
    }

    static void inode(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
    }

    static void truncate(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        long size = c.hex(Keys.DISIZE);
        if (size == Ascii.NOT_A_NUMBER) size = c.hex(Keys.SIZE);
        row.setLong(ISIZE, size);
        row.setLong(POS, c.hex(Keys.NEW_SIZE));
    }
}
