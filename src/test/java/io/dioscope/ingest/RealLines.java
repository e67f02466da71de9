package io.dioscope.ingest;

import io.dioscope.TestTraces;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables under src/test/resources/decode/: {@code real-lines.tsv} (one real line of each event,
 * from a committed trace, and the typed columns it must give) and {@code unseen-events.tsv} (the
 * classified events no committed trace shows, each with the event whose decoder it shares).
 */
final class RealLines {
    private RealLines() {}

    /** The header columns every line sets: not part of an event's typed columns. */
    static final List<EventField> HEADER = List.of(EventField.LINE, EventField.TS, EventField.CPU, EventField.PID,
            EventField.TGID, EventField.COMM, EventField.IRQ_FLAGS);

    /**
     * A row of real-lines.tsv: the line is the first of {@code resource} that contains {@code selector};
     * {@code quoted} is the line as the comment above the row quotes it (null when there is none).
     */
    record Row(String event, String resource, TraceFormat format, String selector, Map<String, String> expected,
            String quoted) {
        @Override
        public String toString() {
            return event;
        }
    }

    /** A row of unseen-events.tsv. */
    record Unseen(String event, String sibling, String why) {
        @Override
        public String toString() {
            return event;
        }
    }

    /** A comment that quotes the line of the row below it. */
    private static final String QUOTE = "#   ";

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String quoted = null;
        for (String[] f : table("decode/real-lines.tsv")) {
            if (f.length == 1 && f[0].startsWith(QUOTE)) {
                quoted = f[0].substring(QUOTE.length()).trim();
                continue;
            }
            if (f.length < 4) throw new IllegalStateException("real-lines.tsv: too few fields: " + String.join("|", f));
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 4; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) throw new IllegalStateException("real-lines.tsv: " + f[0] + ": not column=value: " + f[i]);
                if (expected.put(f[i].substring(0, eq), f[i].substring(eq + 1)) != null) {
                    throw new IllegalStateException("real-lines.tsv: " + f[0] + ": " + f[i] + " twice");
                }
            }
            rows.add(new Row(f[0], f[1], TraceFormat.fromLabel(f[2]), f[3], expected, quoted));
            quoted = null;
        }
        return rows;
    }

    static List<Unseen> unseen() {
        List<Unseen> out = new ArrayList<>();
        for (String[] f : table("decode/unseen-events.tsv")) {
            if (f.length != 3) throw new IllegalStateException("unseen-events.tsv: want 3 fields: " + String.join("|", f));
            out.add(new Unseen(f[0], f[1], f[2]));
        }
        return out;
    }

    /** The tab-separated fields of each line that is neither blank nor a '#' comment (a quote is one field). */
    private static List<String[]> table(String resource) {
        try (InputStream in = RealLines.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no test resource " + resource);
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(QUOTE)) {
                    out.add(new String[] {line});
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t", -1));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, List<String>> LINES = new HashMap<>();

    /** The real line a row names. */
    static synchronized String line(Row row) {
        List<String> lines = LINES.computeIfAbsent(row.resource(), TestTraces::lines);
        for (String l : lines) if (l.contains(row.selector())) return l;
        throw new IllegalArgumentException(row.resource() + " has no line with " + row.selector());
    }

    /** What the real LineParser makes of the line: every column it sets, header columns left out. */
    static Map<String, String> typedColumns(TraceFormat format, String line) {
        LineParser p = new LineParser(format, EventCatalog.standard(), new ParseStats(), false, DecoderTest.NO_FRAMES);
        DecoderTest.Captured c = new DecoderTest.Captured();
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (!p.parse(b, 0, b.length, 1, c)) throw new AssertionError("not parsed: " + line);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<EventField, Object> e : c.values.entrySet()) {
            if (!HEADER.contains(e.getKey())) out.put(e.getKey().column, String.valueOf(e.getValue()));
        }
        return out;
    }
}
