package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventField.*;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;

/**
 * Function-tracer entries and kprobe events, neither of them in the catalog's dispatch table: the
 * tokenizer splits a function line ({@code func <-parent}) itself, and a kprobe is an event the
 * catalog does not know by name ({@link GenericEvents} routes both). A kprobe's name is whatever its
 * author chose, so it is recognised by its body, {@code (symbol+0x0/0x3b0) key=value ...}; its arguments stay in the body
 * (the {@code arg} macro of the schema reads them) and {@code ino=} is typed when present.
 */
final class ProbeEvents {
    private ProbeEvents() {}

    static final byte[] FUNCTION_EVENT = Symbols.bytes("function");
    private static final byte[] RETURN_ARROW = Symbols.bytes(" <- ");

    /** True when the body has a kprobe's shape: it starts with {@code (symbol+off/size)}. */
    static boolean looksLikeProbe(byte[] b, int start, int end) {
        if (start >= end || b[start] != '(') return false;
        int close = Ascii.indexOf(b, start, end, (byte) ')');
        return close > start + 1;
    }

    static void probe(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        int close = Ascii.indexOf(b, c.start(), c.end(), (byte) ')');
        int inner = c.start() + 1;
        int arrow = Ascii.find(b, inner, close, RETURN_ARROW);
        if (arrow >= 0) {
            // kretprobe: (caller+0x1a/0x40 <- function)
            row.setSymbol(CALLER, c.symbols().intern(b, inner, symbolEnd(b, inner, arrow)));
            int f = arrow + RETURN_ARROW.length;
            row.setSymbol(FUNC, c.symbols().intern(b, f, symbolEnd(b, f, close)));
        } else {
            row.setSymbol(FUNC, c.symbols().intern(b, inner, symbolEnd(b, inner, close)));
        }
        c.moveTo(close);
        row.setLong(INO, c.num(Keys.INO_EQ));
    }

    private static int symbolEnd(byte[] b, int from, int to) {
        int e = from;
        while (e < to && b[e] != '+' && b[e] != ' ') e++;
        return e;
    }
}
