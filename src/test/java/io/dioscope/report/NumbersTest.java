package io.dioscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written formats say exactly what String.format said for them. */
class NumbersTest {
    /** Edges, every length of digits either sign, and seeded random values of every magnitude. */
    static LongStream values() {
        Random r = new Random(20261130);
        LongStream edges = LongStream.of(0, 1, -1, 999, 1000, -999, -1000, 999_999, 1_000_000, 999_999_999,
                1_000_000_000, 1_000_000_001, -1_000_000_000, -1_000_000_001, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1);
        LongStream powers = LongStream.rangeClosed(0, 18).flatMap(e -> {
            long p = (long) Math.pow(10, e);
            return LongStream.of(p - 1, p, p + 1, -p + 1, -p, -p - 1);
        });
        LongStream random = LongStream.range(0, 200).map(i -> r.nextLong() >> r.nextInt(64));
        return LongStream.concat(LongStream.concat(edges, powers), random);
    }

    @ParameterizedTest
    @MethodSource("values")
    void groupedIsFormattersGrouping(long n) {
        assertEquals(String.format(Locale.ROOT, "%,d", n), Numbers.grouped(n));
    }

    @ParameterizedTest
    @MethodSource("values")
    void secondsAreFormattersSecondsAndMicroseconds(long ns) {
        assertEquals(String.format(Locale.ROOT, "%d.%06d", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000),
                Numbers.seconds(ns));
    }

    /** {@link #values}, and for each unit values either side of where rounding goes up. */
    static LongStream durations() {
        Random r = new Random(20261130);
        LongStream halves = LongStream.of(100, 10_000, 10_000_000).flatMap(step -> LongStream.range(0, 300)
                .map(i -> (step * 10 + r.nextLong(1_000_000L * step)) / step * step + step / 2 + (i % 3) - 1));
        return LongStream.concat(values(), halves);
    }

    @ParameterizedTest
    @MethodSource("durations")
    void durationIsFormattersDuration(long ns) {
        String formatted = ns >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f s", ns / 1e9)
                : ns >= 1_000_000L ? String.format(Locale.ROOT, "%.2f ms", ns / 1e6)
                : ns >= 1_000L ? String.format(Locale.ROOT, "%.1f us", ns / 1e3) : ns + " ns";
        assertEquals(formatted, Numbers.duration(ns));
    }
}
