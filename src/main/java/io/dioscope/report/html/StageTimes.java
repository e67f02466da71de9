package io.dioscope.report.html;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of each stage of writing a report, on the thread that writes the page (the charts are
 * drawn on others meanwhile; waiting for the last of them is a stage of its own). What -v prints.
 */
public final class StageTimes {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** The time since the previous lap (or since this was made) goes to {@code stage}. */
    void lap(String stage) {
        long now = System.nanoTime();
        seconds.merge(stage, (now - last) / 1e9, Double::sum);
        last = now;
    }

    /** Seconds per stage, in the order the stages first ran. */
    public Map<String, Double> seconds() {
        return seconds;
    }
}
