package io.dioscope.ingest.dat;

/** Why a print fmt is not understood: its one-line message becomes {@link EventFormat#printProblem()}. */
final class PrintFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PrintFormatException(String message) {
        super(message, null, false, false);
    }
}
