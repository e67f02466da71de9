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
        if (ns >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
        if (ns >= 1_000_000L) return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        if (ns >= 1_000L) return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        return ns + " ns";
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
