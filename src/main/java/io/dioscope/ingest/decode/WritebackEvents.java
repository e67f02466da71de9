package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

/**
 * The page-granular writeback events: {@code bdi 7:0: ino=131 index=0}. The inode is decimal here;
 * the bdi is a device number except on filesystems such as btrfs, whose bdi has a name.
 */
final class WritebackEvents {
    private WritebackEvents() {}

    static void register(EventCatalog.Builder catalog) {
        EventDecoder page = WritebackEvents::page;
        catalog.add("writeback", "writeback_dirty_folio", "writeback", "dev ino pos len", PAGE_DIRTIED, PAGES,
                "a cached page is dirtied: pos = index x PAGE_SIZE", page);
        catalog.add("writeback", "writeback_dirty_page", "writeback", "dev ino pos len", PAGE_DIRTIED, PAGES,
                "a cached page is dirtied (kernels before 5.19)", page);
        catalog.add("writeback", "folio_wait_writeback", "writeback", "dev ino pos len", WRITEBACK_WAIT, PAGES,
                "a task waits for a page under writeback", page);
        catalog.add("writeback", "wait_on_page_writeback", "writeback", "dev ino pos len", null, PAGES,
                "a task waits for a page under writeback (older kernels)", page);
    }

    static void page(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.bdi(Keys.BDI));
        row.setLong(INO, c.udec(Keys.INO_EQ));
        long index = c.udec(Keys.INDEX_EQ);
        row.setLong(POS, c.times(index, c.pageSize(), "index"));
        if (index != io.dioscope.bytes.Ascii.NOT_A_NUMBER) row.setLong(LEN, c.pageSize());
    }
}
