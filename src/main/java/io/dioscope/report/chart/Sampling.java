package io.dioscope.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Thinning for charts with more things than pixels: keep what matters, an even stride of the rest. */
final class Sampling {
    private Sampling() {}

    /** At most {@code max} items: every item {@code keep} says to keep, then every n-th of the others. */
    static <T> List<T> thin(List<T> items, int max, Predicate<T> keep) {
        if (items.size() <= max) return items;
        List<T> kept = new ArrayList<>();
        List<T> rest = new ArrayList<>();
        for (T t : items) (keep.test(t) ? kept : rest).add(t);
        int room = Math.max(0, max - kept.size());
        if (room > 0 && !rest.isEmpty()) {
            double stride = Math.max(1.0, (double) rest.size() / room);
            for (double i = 0; i < rest.size(); i += stride) kept.add(rest.get((int) i));
        }
        return kept;
    }
}
