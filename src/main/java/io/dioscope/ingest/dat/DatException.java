package io.dioscope.ingest.dat;

/**
 * A trace.dat whose structure cannot be followed at some point: a field that says more than the file
 * holds, a compressed block that does not decompress. The message is one line, without the file's name
 * (the caller adds it); where it happened is in the message (an offset, a CPU, a chunk).
 */
public final class DatException extends Exception {
    public DatException(String message) {
        super(message);
    }
}
