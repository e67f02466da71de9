package io.dioscope.ingest;

/** Receives the call-chain frames of the events a {@link LineParser} reads: the rows of {@code event_callchains}. */
public interface CallChainSink {
    /**
     * Frame {@code depth} (0: the innermost, where the event fired) of the chain under the event at
     * {@code eventLine}. {@code symbol} and {@code dso} are UTF-8, null when perf printed none or
     * {@code [unknown]}; {@code symbolOffset} is {@link io.dioscope.bytes.Ascii#NOT_A_NUMBER} when none
     * was printed; {@code address} is 64 bits unsigned.
     */
    void frame(long eventLine, int depth, long address, byte[] symbol, long symbolOffset, byte[] dso);
}
