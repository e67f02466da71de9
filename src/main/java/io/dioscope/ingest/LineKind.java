package io.dioscope.ingest;

/** What a trace line turned out to be. */
public enum LineKind {
    /** A tracepoint or kprobe event: {@code event: body}. */
    EVENT,
    /** A function-tracer entry: {@code func <-parent}. */
    FUNCTION,
    /** A line of the {@code blk} tracer: {@code 7,0 Q WS 123 + 8 [comm]}. */
    BLK,
    /**
     * A frame of the call chain {@code perf script} prints under an event of {@code perf record -g}
     * ({@code \tffffffff815a4ccc filemap_add_folio+0xbc ([kernel.kallsyms])}): see {@link CallChainFrame}.
     */
    CALL_FRAME,
    /** Header or comment ({@code #...}), blank lines, and format banners such as {@code cpus=2}. */
    HEADER,
    /** Markers of lost data: {@code CPU:1 [LOST 12 EVENTS]}, {@code ##### CPU 1 buffer started ####}. */
    LOSS,
    /** Anything else: counted and reported, never silently dropped. */
    UNPARSED
}
