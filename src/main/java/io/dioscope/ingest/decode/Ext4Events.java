package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

/** ext4 events (include/trace/events/ext4.h): devices print as {@code 7,0}, inodes in decimal. */
final class Ext4Events {
    private Ext4Events() {}

    static void register(EventCatalog.Builder catalog) {
        EventDecoder withMode = Ext4Events::rangeWithMode;
        String modeRange = "a punch/zero/fallocate of pos/len starts; flags is the mode";
        for (String name : new String[] {"ext4_punch_hole", "ext4_zero_range"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len flags", SPACE_OP, BYTES, modeRange, withMode);
        }
        catalog.add("ext4", "ext4_fallocate_enter", "ext4", "dev ino pos len flags", BY_FLAGS, BYTES, modeRange, withMode);
        for (String name : new String[] {"ext4_collapse_range", "ext4_insert_range"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len", SPACE_OP, BYTES,
                    "a collapse/insert of pos/len starts", Ext4Events::range);
        }
        EventDecoder inode = Ext4Events::inode;
        String truncate = "a truncate (the event gives blocks, not the new size)";
        catalog.add("ext4", "ext4_truncate_enter", "ext4", "dev ino", SPACE_OP, FILE, truncate, inode);
        catalog.add("ext4", "ext4_truncate_exit", "ext4", "dev ino", null, FILE, truncate, inode);
        EventDecoder write = Ext4Events::write;
        for (String name : new String[] {"ext4_write_begin", "ext4_da_write_begin"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len", BUFFERED_WRITE, BYTES,
                    "a buffered write of pos/len starts", write);
        }
        EventDecoder folio = Ext4Events::folio;
        for (String name : new String[] {"ext4_read_folio", "ext4_readpage"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len", BUFFERED_READ, PAGES,
                    "a page is read into the cache: pos = index x PAGE_SIZE", folio);
        }
    }

    static void rangeWithMode(BodyCursor c, EventRow row) {
        range(c, row);
        row.setSymbol(FLAGS, c.word(Keys.MODE));
    }

    static void range(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.udec(Keys.INO));
        row.setLong(POS, c.udec(Keys.OFFSET));
        row.setLong(LEN, c.udec(Keys.LEN));
    }

    static void inode(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.udec(Keys.INO));
    }

    static void write(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.udec(Keys.INO));
        row.setLong(POS, c.udec(Keys.POS));
        row.setLong(LEN, c.udec(Keys.LEN));
    }

    static void folio(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.udec(Keys.INO));
        long index = c.udec(Keys.FOLIO_INDEX);
        if (index == io.dioscope.bytes.Ascii.NOT_A_NUMBER) index = c.udec(Keys.PAGE_INDEX);
        row.setLong(POS, c.times(index, c.pageSize(), "index"));
        if (index != io.dioscope.bytes.Ascii.NOT_A_NUMBER) row.setLong(LEN, c.pageSize());
    }
}
