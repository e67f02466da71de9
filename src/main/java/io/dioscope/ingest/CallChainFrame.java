package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;

/**
 * One frame of the call chain {@code perf script} prints under each event of a {@code perf record -g}
 * trace, innermost frame first, the chain ended by a blank line:
 *
 * <pre>
 * fio 28350 [001] 17863.335186:      filemap:mm_filemap_add_to_page_cache: dev 7:0 ino 83 ...
 * 	ffffffff815a4b83 __filemap_add_folio+0x4a3 ([kernel.kallsyms])
 * 	           f6417 __libc_pread+0x57 (/usr/lib/x86_64-linux-gnu/libc.so.6)
 * 	    56278d4dad50 [unknown] ([unknown])
 * </pre>
 *
 * <p>perf prints each frame as a tab, the address right-aligned in 16 columns ({@code "\t%16" PRIx64}),
 * a space and the symbol with {@code +0x} and its offset, then {@code " (dso)"}; an inlined frame
 * ({@code --inline}, with debug information) has {@code " (inlined)"} in place of the dso. An event line
 * never starts with a tab (perf pads or prints the comm first), so the tab tells the two apart.
 *
 * <p>This class is the one place such lines are read: {@link LineTokenizer} asks {@link #read} whether a
 * perf-script line is one. One per {@link TokenizedLine}, reused.
 */
public final class CallChainFrame {
    /** The address as printed, 64 bits unsigned (kernel addresses have the top bit set). */
    public long address;
    /** The symbol without its offset; start is -1 when perf printed none or {@code [unknown]}. */
    public int symbolStart;
    public int symbolEnd;
    /** The {@code +0x...} after the symbol; {@link Ascii#NOT_A_NUMBER} when none was printed. */
    public long symbolOffset;
    /** Inside the parentheses; start is -1 when perf printed none, {@code [unknown]} or {@code (inlined)}. */
    public int dsoStart;
    public int dsoEnd;
    /** Why a line of a frame's shape cannot be kept (its address does not fit 64 bits); null when it can. */
    String problem;

    private static final byte[] UNKNOWN = "[unknown]".getBytes();
    private static final byte[] INLINED = " (inlined)".getBytes();
    private static final byte[] OFFSET = "+0x".getBytes();

    /**
     * True when {@code b[start, end)} (no newline, no CR) has a frame's shape: a tab, the address in hex,
     * then the end of the line or a space. {@link #problem} says when such a line still cannot be kept.
     */
    boolean read(byte[] b, int start, int end) {
        if (start >= end || b[start] != '\t') return false;
        int i = Ascii.skipSpaces(b, start + 1, end);
        int digits = i;
        while (i < end && Ascii.hexValue(b[i]) >= 0) i++;
        if (i == digits || (i < end && b[i] != ' ' && b[i] != '\t')) return false;
        problem = null;
        int significant = digits;
        while (significant < i - 1 && b[significant] == '0') significant++;
        if (i - significant > 16) {
            problem = "call-chain frame address " + Ascii.text(b, digits, Math.min(i, digits + 40)) + " does not fit 64 bits";
            return true;
        }
        long a = 0;
        for (int k = significant; k < i; k++) a = (a << 4) | Ascii.hexValue(b[k]);
        address = a;
        symbolStart = dsoStart = -1;
        symbolEnd = dsoEnd = -1;
        symbolOffset = Ascii.NOT_A_NUMBER;
        int restEnd = Ascii.skipSpacesBack(b, i, end);
        int rest = Ascii.skipSpaces(b, i, restEnd);
        if (restEnd - INLINED.length >= i && Ascii.equals(b, restEnd - INLINED.length, restEnd, INLINED)) {
            restEnd = Ascii.skipSpacesBack(b, rest, restEnd - INLINED.length); // perf prints no dso for these
        } else if (restEnd > rest && b[restEnd - 1] == ')') {
            int open = matchingOpen(b, rest, restEnd - 1);
            if (open >= 0 && (open == rest || b[open - 1] == ' ')) {
                if (!isUnknown(b, open + 1, restEnd - 1)) {
                    dsoStart = open + 1;
                    dsoEnd = restEnd - 1;
                }
                restEnd = Ascii.skipSpacesBack(b, rest, open);
            }
        }
        if (restEnd > rest && !isUnknown(b, rest, restEnd)) {
            symbolStart = rest;
            symbolEnd = restEnd;
            int plus = lastOffset(b, rest, restEnd);
            if (plus > rest) {
                long offset = Ascii.parseHex(b, plus + 1, restEnd);
                if (offset == Ascii.NOT_A_NUMBER) {
                    problem = "call-chain frame symbol offset " + Ascii.text(b, plus + 1, Math.min(restEnd, plus + 41))
                            + " does not fit a signed 64-bit number";
                    return true;
                }
                symbolOffset = offset;
                symbolEnd = plus;
            }
        }
        return true;
    }

    /**
     * The {@code (} matching the {@code )} at {@code close}, counting nested pairs back to front, so that
     * a dso such as {@code (/tmp/a.out (deleted))} and a symbol such as {@code f(int)} stay apart.
     */
    private static int matchingOpen(byte[] b, int from, int close) {
        int depth = 0;
        for (int k = close; k >= from; k--) {
            if (b[k] == ')') depth++;
            else if (b[k] == '(' && --depth == 0) return k;
        }
        return -1;
    }

    /** Where {@code +0x<hex digits>} ends the symbol, or -1. */
    private static int lastOffset(byte[] b, int from, int to) {
        int k = to;
        while (k > from && Ascii.hexValue(b[k - 1]) >= 0) k--;
        if (k == to || k - OFFSET.length < from) return -1;
        return Ascii.equals(b, k - OFFSET.length, k, OFFSET) ? k - OFFSET.length : -1;
    }

    private static boolean isUnknown(byte[] b, int from, int to) {
        return Ascii.equals(b, from, to, UNKNOWN);
    }
}
