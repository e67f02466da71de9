package io.dioscope.report.chart;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/** File offsets as filesystem people read them: 0x10000, not 65,536. */
final class HexOffsetFormat extends NumberFormat {
    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
        return format(Math.round(number), to, pos);
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
        return to.append(number < 0 ? "-0x" + Long.toHexString(-number) : "0x" + Long.toHexString(number));
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        throw new UnsupportedOperationException("display only");
    }
}
