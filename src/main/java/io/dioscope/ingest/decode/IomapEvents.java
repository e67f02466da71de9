package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

/** The iomap buffered-path events: iteration over a mapping, readahead, folio release. */
final class IomapEvents {
    private IomapEvents() {}

    static void register(EventCatalog.Builder catalog) {
        catalog.add("iomap", "iomap_iter", "iomap", "dev ino pos len flags caller", BY_FLAGS, BYTES,
                "one iteration of an iomap operation; flags WRITE|DIRECT = direct write, WRITE|FAULT = mmap store",
                IomapEvents::iter);
        for (String name : new String[] {"iomap_release_folio", "iomap_invalidate_folio"}) {
            catalog.add("iomap", name, "iomap", "dev ino isize pos len", FOLIO_RELEASE, BYTES,
                    "a folio of the range pos/len is released or invalidated", DioEvents.RANGE);
        }
        catalog.add("iomap", "iomap_writepage", "iomap", "dev ino isize pos len", null, BYTES,
                "a folio of the range pos/len is written back", DioEvents.RANGE);
        for (String name : new String[] {"iomap_readahead", "iomap_readpage"}) {
            catalog.add("iomap", name, "iomap", "dev ino len", null, NONE,
                    "a read fills the page cache: len = nr_pages x PAGE_SIZE (the offset is in the mm_filemap events)",
                    IomapEvents::readpage);
        }
    }

    static void iter(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(POS, c.hex(Keys.POS));
        row.setLong(LEN, c.hex(Keys.LENGTH));
        row.setSymbol(FLAGS, c.word(Keys.FLAGS));
        row.setSymbol(CALLER, c.symbol(Keys.CALLER));
    }

    static void readpage(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(LEN, c.times(c.udec(Keys.NR_PAGES), c.pageSize(), "nr_pages"));
    }
}
