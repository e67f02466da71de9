package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventField.*;

/** ext4 events (include/trace/events/ext4.h): devices print as {@code 7,0}, inodes in decimal. */
final class Ext4Events {
    private Ext4Events() {}

    static void register(EventCatalog.Builder catalog) {
        for (String name : new String[] {"ext4_punch_hole", "ext4_zero_range", "ext4_fallocate_enter"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len flags",
                    "a punch/zero/fallocate of pos/len starts; flags is the mode", Ext4Events::rangeWithMode);
        }
        for (String name : new String[] {"ext4_collapse_range", "ext4_insert_range"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len",
                    "a collapse/insert of pos/len starts", Ext4Events::range);
        }
        for (String name : new String[] {"ext4_truncate_enter", "ext4_truncate_exit"}) {
            catalog.add("ext4", name, "ext4", "dev ino",
                    "a truncate (the event gives blocks, not the new size)", Ext4Events::inode);
        }
        for (String name : new String[] {"ext4_write_begin", "ext4_da_write_begin"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len",
                    "a buffered write of pos/len starts", Ext4Events::write);
        }
        for (String name : new String[] {"ext4_read_folio", "ext4_readpage"}) {
            catalog.add("ext4", name, "ext4", "dev ino pos len",
                    "a page is read into the cache: pos = index x 4096", Ext4Events::folio);
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
        row.setLong(POS, c.times(index, Keys.PAGE_SIZE, "index"));
        if (index != io.dioscope.bytes.Ascii.NOT_A_NUMBER) row.setLong(LEN, Keys.PAGE_SIZE);
    }
}
