package io.dioscope.ingest;

/**
 * The header fields of one trace line, as positions in the line's buffer. Reused for every line
 * of a block: nothing here is allocated per line.
 */
public final class TokenizedLine {
    public LineKind kind;
    public int commStart;
    public int commEnd;
    public int pid;
    /** Thread-group id, or -1 when the trace has no tgid column (or printed {@code -------}). */
    public int tgid;
    public int cpu;
    /** The irq/preempt flags column ({@code d..1.}); start is -1 when the column is absent. */
    public int irqStart;
    public int irqEnd;
    public long ts;
    /** Event name, system prefix removed; for function-tracer lines the function. */
    public int nameStart;
    public int nameEnd;
    /** Event body; for function-tracer lines the parent function ({@code <-parent}), possibly empty. */
    public int bodyStart;
    public int bodyEnd;
    /** Why an {@link LineKind#UNPARSED} line could not be read. */
    public String problem;
    /** What a {@link LineKind#HEADER} or {@link LineKind#LOSS} line states (left as it was by other lines). */
    public final MetaLine meta = new MetaLine();
    /** What a {@link LineKind#CALL_FRAME} line holds (left as it was by other lines). */
    public final CallChainFrame frame = new CallChainFrame();

    void reset() {
        kind = LineKind.UNPARSED;
        tgid = -1;
        irqStart = -1;
        irqEnd = -1;
        nameStart = nameEnd = bodyStart = bodyEnd = 0;
        problem = null;
    }
}
