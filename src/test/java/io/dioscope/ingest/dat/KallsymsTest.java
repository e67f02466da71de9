package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Symbol lookup over lines of the 6.18 machine's /proc/kallsyms. */
class KallsymsTest {
    private static final String LINES = String.join("\n",
            "ffffffff81000000 T __pi__text",
            "ffffffff81000000 T _stext",
            "ffffffff81000000 T _text",
            "ffffffff81787750 T iomap_file_buffered_write",
            "ffffffff81787bc0 T __pfx_iomap_file_unshare",
            "this line is not a symbol",
            "ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]",
            "");

    @Test
    void anAddressBelongsToTheSymbolAtOrBelowItUntilTheNextOne() {
        Kallsyms k = Kallsyms.parse(LINES);
        assertEquals(6, k.size()); // the line that is not a symbol is skipped
        assertEquals("iomap_file_buffered_write", k.name(0xffffffff81787750L + 0xa8));
        assertEquals("iomap_file_buffered_write+0xa8", k.nameOffset(0xffffffff81787750L + 0xa8));
        assertEquals("iomap_file_buffered_write+0x0", k.nameOffset(0xffffffff81787750L));
        // several names at one address: the last one listed
        assertEquals("_text", k.name(0xffffffff81000010L));
        // the module's name in brackets is not part of the symbol
        assertEquals("ftrace_trampoline", k.name(0xffffffffc0201000L));
    }

    @Test
    void addressesNoSymbolCoversHaveNoName() {
        Kallsyms k = Kallsyms.parse(LINES);
        assertNull(k.name(0xffffffff80000000L)); // below the first symbol
        assertNull(k.name(0xffffffffc0201001L)); // past the last one, whose end nothing says
        assertNull(k.nameOffset(0));
        assertNull(Kallsyms.none().name(0xffffffff81787750L));
        assertEquals(0, Kallsyms.parse("").size());
    }
}
