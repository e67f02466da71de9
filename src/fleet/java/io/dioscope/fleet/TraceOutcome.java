package io.dioscope.fleet;

import java.io.Serializable;

/**
 * What became of one trace on its executor, sent back to the driver: where its rows went, its verdict
 * (the outcome and exit code `dioscope analyze` gives it alone) and how long it took.
 *
 * @param error null, or why the trace could not be analysed (its verdicts row says the same)
 */
public record TraceOutcome(String path, String partition, String outcome, int exitCode, String sentence,
        long findings, double seconds, String error) implements Serializable {
    private static final long serialVersionUID = 1L;
}
