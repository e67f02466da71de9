package io.dioscope.report;

import java.util.Locale;

/** How numbers are shown to people. */
public final class Numbers {
    private Numbers() {}

    /**
     * 1234567 as "1,234,567" (as {@code String.format(Locale.ROOT, "%,d", n)}, which makes a DecimalFormat
     * at every call: a big report groups thousands of numbers).
     */
    public static String grouped(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int count = digits.length() - sign;
        if (count <= 3) return digits;
        StringBuilder s = new StringBuilder(digits.length() + (count - 1) / 3);
        s.append(digits, 0, sign);
        for (int i = 0; i < count; i++) {
            if (i > 0 && (count - i) % 3 == 0) s.append(',');
            s.append(digits.charAt(sign + i));
        }
        return s.toString();
    }

    /**
     * A count of lost or overwritten events: grouped, or 'an unknown number of' where the trace said
     * events were lost without a count that fits (the loader saturates those at Long.MAX_VALUE).
     */
    public static String count(long n) {
        return n == Long.MAX_VALUE ? "an unknown number of" : grouped(n);
    }

    /** 2345678.9 as "2.35 M". */
    public static String si(double v) {
        if (v >= 1e9) return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        if (v >= 1e6) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Nanoseconds of the trace clock as seconds with microseconds, as ftrace prints them. */
    public static String seconds(long ns) {
        // as String.format(Locale.ROOT, "%d.%06d", ...), without a Formatter per call
        long micros = (ns % 1_000_000_000L) / 1000;
        String digits = Long.toString(Math.abs(micros));
        StringBuilder s = new StringBuilder(24).append(ns / 1_000_000_000L).append('.');
        if (micros < 0) s.append('-');
        for (int i = digits.length() + (micros < 0 ? 1 : 0); i < 6; i++) s.append('0');
        return s.append(digits).toString();
    }

    /** A duration in ns, in the unit that reads best. */
    public static String duration(long ns) {
        // in integers, not String.format: a report of thousands of findings formats tens of thousands
        if (ns >= 1_000_000_000L) return decimals(ns, 10_000_000L, 100) + " s";
        if (ns >= 1_000_000L) return decimals(ns, 10_000L, 100) + " ms";
        if (ns >= 1_000L) return decimals(ns, 100L, 10) + " us";
        return ns + " ns";
    }

    /** {@code ns} (positive) in units of {@code step} ns, rounded half up, shown as whole units of {@code scale} steps. */
    private static String decimals(long ns, long step, long scale) {
        long steps = ns / step + (ns % step >= step / 2 ? 1 : 0);
        String fraction = Long.toString(steps % scale);
        return steps / scale + "." + "0".repeat(Long.toString(scale).length() - 1 - fraction.length()) + fraction;
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
