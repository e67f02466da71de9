package io.dioscope.report;

/**
 * CSV cells a spreadsheet would not run: a text cell starting with {@code = + - @}, a tab or a carriage
 * return is a formula to Excel, LibreOffice and Google Sheets (a trace's task name, a file path or a
 * rule's message can be one), so it gets a leading single quote, as OWASP's "CSV Injection" advises.
 * Numbers, booleans and NULLs are written as they are: -5 in a numeric column stays a number.
 */
public final class CsvCells {
    private CsvCells() {}

    public static Object cell(Object value) {
        if (!(value instanceof CharSequence text)) return value;
        return isFormula(text) ? "'" + text : value;
    }

    static boolean isFormula(CharSequence text) {
        if (text.length() == 0) return false;
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** Every value of a row through {@link #cell}. */
    public static Object[] row(Object... values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) out[i] = cell(values[i]);
        return out;
    }
}
