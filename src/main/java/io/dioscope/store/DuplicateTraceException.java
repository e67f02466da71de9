package io.dioscope.store;

/** An input refused because a trace with the same bytes (size and SHA-256) is already loaded. */
public final class DuplicateTraceException extends Exception {
    private final String path;
    private final int existingId;
    private final String existingPath;

    public DuplicateTraceException(String path, int existingId, String existingPath) {
        super(path + ": the same content is already loaded as trace " + existingId + " (" + existingPath + ")");
        this.path = path;
        this.existingId = existingId;
        this.existingPath = existingPath;
    }

    /** The refused input. */
    public String path() {
        return path;
    }

    public int existingId() {
        return existingId;
    }

    /** The path the existing trace was loaded from. */
    public String existingPath() {
        return existingPath;
    }
}
