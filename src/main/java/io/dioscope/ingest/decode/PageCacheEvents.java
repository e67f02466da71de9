package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

import io.dioscope.bytes.Ascii;

/**
 * The filemap events (include/trace/events/filemap.h). Their inode is hex without a {@code 0x}
 * ({@code ino 83} is inode 131) and their offset is in bytes; a folio covers {@code PAGE_SIZE << order}.
 */
final class PageCacheEvents {
    private PageCacheEvents() {}

    /** The largest folio order a kernel has (MAX_PAGECACHE_ORDER is at most PMD order, 9 to 13). */
    static final int MAX_ORDER = 20;

    static void register(EventCatalog.Builder catalog) {
        catalog.add("filemap", "mm_filemap_add_to_page_cache", "pagecache", "dev ino pfn pos len", CACHE_FILL, PAGES,
                "a folio enters the page cache: pos = ofs, len = PAGE_SIZE << order", PageCacheEvents::folio);
        catalog.add("filemap", "mm_filemap_delete_from_page_cache", "pagecache", "dev ino pfn pos len", CACHE_REMOVE,
                PAGES, "a folio leaves the page cache", PageCacheEvents::folio);
        catalog.add("filemap", "mm_filemap_fault", "pagecache", "dev ino pos len", MMAP_FAULT, PAGES,
                "a page fault on a file mapping: one page at pos", PageCacheEvents::fault);
        catalog.add("filemap", "mm_filemap_map_pages", "pagecache", "dev ino pos len", MMAP_FAULT, PAGES,
                "fault-around maps cached pages ofs=first-last (inclusive)", PageCacheEvents::span);
        catalog.add("filemap", "mm_filemap_get_pages", "pagecache", "dev ino pos len", BUFFERED_READ, PAGES,
                "a buffered read looks up pages ofs=first-last (inclusive)", PageCacheEvents::span);
    }

    /** {@code dev 7:0 ino 83 pfn=0x11d000 ofs=0 order=8}; before 6.x {@code pfn=} was decimal and there was no order. */
    static void folio(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV));
        row.setLong(INO, c.hex(Keys.INO));
        row.setLong(PFN, c.num(Keys.PFN_EQ));
        long ofs = c.udec(Keys.OFS_EQ);
        row.setLong(POS, ofs);
        long order = c.udec(Keys.ORDER_EQ);
        if (order != Ascii.NOT_A_NUMBER && order > MAX_ORDER) {
            c.problem("order=" + order + " is more than " + MAX_ORDER + " (a folio larger than 2^" + MAX_ORDER + " pages)");
            return;
        }
        if (ofs != Ascii.NOT_A_NUMBER) row.setLong(LEN, c.pageSize() << (order == Ascii.NOT_A_NUMBER ? 0 : order));
    }

    static void fault(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV_EQ));
        row.setLong(INO, c.hex(Keys.INO_EQ));
        long ofs = c.udec(Keys.OFS_EQ);
        row.setLong(POS, ofs);
        if (ofs != Ascii.NOT_A_NUMBER) row.setLong(LEN, c.pageSize());
    }

    static void span(BodyCursor c, EventRow row) {
        row.setSymbol(DEV, c.device(Keys.DEV_EQ));
        row.setLong(INO, c.hex(Keys.INO_EQ));
        int v = c.seek(Keys.OFS_EQ);
        if (v < 0) return;
        byte[] b = c.bytes();
        int[] stop = new int[1];
        long first = Ascii.parseDecimal(b, v, c.end(), stop);
        if (first == Ascii.NOT_A_NUMBER || first < 0 || stop[0] >= c.end() || b[stop[0]] != '-') {
            c.problem("ofs=" + Ascii.text(b, v, Math.min(Ascii.tokenEnd(b, v, c.end()), v + 40))
                    + " is not first-last");
            return;
        }
        row.setLong(POS, first);
        long last = Ascii.parseDecimal(b, stop[0] + 1, c.end());
        if (last == Ascii.NOT_A_NUMBER || last < first || last - first == Long.MAX_VALUE) {
            c.problem("ofs=" + Ascii.text(b, v, Math.min(Ascii.tokenEnd(b, v, c.end()), v + 40))
                    + " is not first-last with first <= last");
            return;
        }
        row.setLong(LEN, last - first + 1);
    }
}
