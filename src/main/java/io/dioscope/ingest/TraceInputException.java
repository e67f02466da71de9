package io.dioscope.ingest;

/** An input that cannot be loaded at all; the message is one line naming the file. */
public final class TraceInputException extends Exception {
    public TraceInputException(String message) {
        super(message);
    }
}
