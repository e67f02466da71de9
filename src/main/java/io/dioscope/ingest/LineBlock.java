package io.dioscope.ingest;

/**
 * A run of whole lines cut from a trace. Blocks are parsed independently (by several threads), so
 * each carries the number of its first line: every event keeps the line it came from.
 */
public final class LineBlock {
    public final byte[] data;
    public final int length;
    public final long firstLine;
    /** Compressed or raw bytes of the input consumed up to the end of this block, for progress. */
    public final long inputOffset;
    /**
     * 0, unless the block starts inside a call chain that was too long to keep in one block with its event
     * ({@link LineBlockReader#maxChainBytes()}): then the line of that event.
     */
    public final long callChainOf;

    LineBlock(byte[] data, int length, long firstLine, long inputOffset, long callChainOf) {
        this.data = data;
        this.length = length;
        this.firstLine = firstLine;
        this.inputOffset = inputOffset;
        this.callChainOf = callChainOf;
    }
}
