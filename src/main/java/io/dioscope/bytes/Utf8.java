package io.dioscope.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Task names and marker texts are bytes the kernel never validated; DuckDB wants UTF-8. ASCII (the
 * common case) is copied as is; anything else is decoded with replacement characters.
 */
public final class Utf8 {
    private Utf8() {}

    public static byte[] sanitize(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] < 0) return decodeLossy(b, start, end);
        }
        return Arrays.copyOfRange(b, start, end);
    }

    private static byte[] decodeLossy(byte[] b, int start, int end) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(b, start, end - start))
                    .toString();
            return s.getBytes(StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e); // REPLACE never throws
        }
    }
}
