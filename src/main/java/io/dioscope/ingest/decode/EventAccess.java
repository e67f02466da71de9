package io.dioscope.ingest.decode;

/**
 * What an event means for the page cache and direct I/O: the vocabulary of {@code event_types.access}
 * and of {@code file_events.kind} (and so of {@code window_conflicts.kind}, which rules read). Each
 * catalog entry declares one (or none: not classified yet); this enum is the one place the kinds and
 * their meanings are written down. The database holds it as {@code access_kinds}, {@code dioscope
 * formats} prints it, and the charts draw from it ({@code report.chart.AccessKind}).
 *
 * <p>The names of the kinds that reach {@code file_events} are what rules filter on: renaming one
 * changes every rule that reads it.
 */
public enum EventAccess {
    CACHE_FILL("cache-fill", true, true, "a folio was read (or created) into the page cache"),
    CACHE_REMOVE("cache-remove", true, true, "a folio left the page cache"),
    MMAP_FAULT("mmap-fault", true, true, "a task touched a mapped page (a fault, or fault-around mapping cached pages)"),
    MMAP_STORE("mmap-store", true, true, "an mmap store: page_mkwrite made a page writable, and it gets dirtied"),
    PAGE_DIRTIED("page-dirtied", true, true, "a cached page was dirtied"),
    BUFFERED_READ("buffered-read", true, true, "a buffered read of the range (it reads through the page cache)"),
    BUFFERED_WRITE("buffered-write", true, true, "a buffered write of the range (it dirties pages of the cache)"),
    FOLIO_RELEASE("folio-release", true, true, "an attempt to release or invalidate a cached folio"),
    SPACE_OP("space-op", true, true, "a punch, zero, collapse, insert or truncate of the range starts"),
    SPACE_EFFECT("space-effect", true, true, "the file's blocks in the range are freed (what a truncate does)"),
    WRITEBACK_WAIT("writeback-wait", true, false, "a task waits for a page of the range to finish writeback "
            + "(no rule reads it yet)"),
    BY_FLAGS("by-flags", false, true, "depends on the event's flags: 40_file_events.sql classifies each row "
            + "(iomap_iter: mmap-store, buffered-write or nothing; ext4_fallocate_enter: space-op or nothing)"),
    DIO_BEGIN("dio-begin", false, true, "a direct read or write starts (the model pairs it into dio_windows)"),
    DIO_QUEUED("dio-queued", false, true, "an asynchronous direct I/O was submitted and the call returned"),
    DIO_COMPLETE("dio-complete", false, true, "a direct I/O completes (its data reached the disk or the reader)"),
    DIO_FALLBACK("dio-fallback", false, true, "invalidating the cache before a direct write failed: it falls back "
            + "to buffered I/O"),
    CALL("call", false, false, "a kernel function was entered (function tracer, kprobe): what it means depends on "
            + "func; the model reads the direct-I/O and invalidation functions"),
    BLOCK("block", false, false, "a block-layer request or bio: a range of the device, not of a file"),
    MARKER("marker", false, false, "a line user space wrote to trace_marker"),
    KERNEL_MESSAGE("kernel-message", false, true, "a kernel log message (kernel_warnings picks out the coherency warnings)");

    /** The name in SQL ({@code event_types.access}, {@code file_events.kind}). */
    public final String sqlName;
    /**
     * Whether every row of an event of this kind is a {@code file_events} row of this kind (when it
     * has a device, inode and range): the accesses that can conflict with a direct I/O window.
     */
    public final boolean fileEvents;
    /**
     * Whether {@code dioscope record} enables the events of this kind by default: the kinds a model step
     * or rule reads. Not the kinds no rule reads yet (writeback-wait), the block layer (its volume is
     * the disk's, not the files': {@code --blk} adds it), function-tracer and kprobe entries (the
     * function tracer's filters are often blocked on production kernels) and trace_marker lines (the
     * kernel always records them).
     */
    public final boolean recorded;
    public final String meaning;

    EventAccess(String kind, boolean fileEvents, boolean recorded, String meaning) {
        this.sqlName = kind;
        this.fileEvents = fileEvents;
        this.recorded = recorded;
        this.meaning = meaning;
    }

    /** The kind named {@code kind} in SQL, or null. */
    public static EventAccess of(String kind) {
        for (EventAccess a : values()) if (a.sqlName.equals(kind)) return a;
        return null;
    }
}
