package io.dioscope.ingest.decode;

import static io.dioscope.ingest.decode.EventAccess.*;
import static io.dioscope.ingest.decode.EventField.*;
import static io.dioscope.ingest.decode.EventRange.*;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;

/**
 * Free-text events: user-space markers written to {@code trace_marker} and the kernel's console
 * messages (where the "Page cache invalidation failure on direct I/O" warning arrives).
 */
final class MarkerEvents {
    private MarkerEvents() {}

    static final byte[] TRACING_MARK_WRITE = Symbols.bytes("tracing_mark_write");
    private static final byte[] MARK_PREFIX = Symbols.bytes("tracing_mark_write: ");

    static void register(EventCatalog.Builder catalog) {
        catalog.add("ftrace", "tracing_mark_write", "marker", "message", MARKER, NONE,
                "a line written to trace_marker by user space", MarkerEvents::message);
        catalog.add("ftrace", "print", "marker", "message func", MARKER, NONE,
                "trace-cmd's name for marker lines (print: tracing_mark_write: ...), stored as tracing_mark_write",
                MarkerEvents::print);
        catalog.add("printk", "console", "printk", "message", KERNEL_MESSAGE, NONE,
                "a kernel log message (printk), e.g. 'Page cache invalidation failure on direct I/O'",
                MarkerEvents::message);
    }

    static void message(BodyCursor c, EventRow row) {
        row.setText(MESSAGE, c.bytes(), c.start(), c.end());
    }

    /** {@code print: tracing_mark_write: text} (trace-cmd) or {@code print: some_function: text} (trace_printk). */
    static void print(BodyCursor c, EventRow row) {
        byte[] b = c.bytes();
        if (Ascii.startsWith(b, c.start(), c.end(), MARK_PREFIX)) {
            row.setSymbol(EVENT, TRACING_MARK_WRITE);
            row.setText(MESSAGE, b, c.start() + MARK_PREFIX.length, c.end());
            return;
        }
        int colon = Ascii.find(b, c.start(), c.end(), new byte[] {':', ' '});
        if (colon > c.start()) {
            row.setSymbol(FUNC, c.symbols().intern(b, c.start(), colon));
            row.setText(MESSAGE, b, colon + 2, c.end());
        } else {
            row.setText(MESSAGE, b, c.start(), c.end());
        }
    }
}
