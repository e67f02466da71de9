package io.dioscope.fuzz;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.CallChainSink;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A call-chain sink for fuzzing: stores nothing, but fails on a frame a real load could not store. */
final class CheckingFrames implements CallChainSink {
    @Override
    public void frame(long eventLine, int depth, long address, byte[] symbol, long symbolOffset, byte[] dso) {
        if (eventLine < 1 || depth < 0) throw new IllegalStateException("frame " + depth + " of line " + eventLine);
        if (symbolOffset < 0 && symbolOffset != Ascii.NOT_A_NUMBER) {
            throw new IllegalStateException("negative symbol offset " + symbolOffset);
        }
        utf8(symbol);
        utf8(dso);
    }

    private static void utf8(byte[] text) {
        if (text == null) return;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("text that is not UTF-8: " + e);
        }
    }
}
