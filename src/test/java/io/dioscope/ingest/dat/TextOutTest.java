package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextOutTest {
    @Test
    void numbersAndPadding() {
        TextOut out = new TextOut(1);
        out.appendDecimal(Long.MIN_VALUE).append((byte) ' ').appendUnsignedDecimal(-1).append(" ").appendHex(-1).append(" ").appendHex(0);
        assertEquals("-9223372036854775808 18446744073709551615 ffffffffffffffff 0", out.toString());
        out.clear();
        out.append("ab");
        out.pad(0, 5, false);
        int from = out.length();
        out.append("cd").pad(from, 4, true).append("|");
        assertEquals("   abcd  |", out.toString());
        out.truncate(3);
        assertEquals("   ", out.toString());
    }

    @Test
    void readsIntegersInEitherOrder() {
        byte[] b = {(byte) 0xff, (byte) 0xfe, 0x01, 0x02};
        RecordLayout le = new RecordLayout(false, 8, Kallsyms.none());
        RecordLayout be = new RecordLayout(true, 4, Kallsyms.none());
        assertEquals(0xfeffL, le.read(b, 0, 2, false));
        assertEquals(-257L, le.read(b, 0, 2, true));
        assertEquals(0xfffe0102L, be.read(b, 0, 4, false));
        assertEquals(-130814L, be.read(b, 0, 4, true));
        assertEquals(-1L, le.read(b, 0, 1, true));
    }
}
