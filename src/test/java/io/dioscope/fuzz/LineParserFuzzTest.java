package io.dioscope.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dioscope.ingest.LineParser;
import io.dioscope.ingest.ParseStats;
import io.dioscope.ingest.TraceFormat;
import io.dioscope.ingest.decode.EventCatalog;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the line tokenizer and every decoder family (Jazzer). Whatever the bytes,
 * parsing a line either yields a row or counts a problem: it never throws. Without JAZZER_FUZZ these
 * run once per input kept under src/test/resources/io/dioscope/fuzz/LineParserFuzzTestInputs/ (real
 * corpus lines, and anything a fuzzing run found); README "Fuzzing" says how to fuzz.
 */
class LineParserFuzzTest {
    private static final List<EventCatalog.Entry> EVENTS = EventCatalog.standard().entries();
    /** One parser per format, as one per parser thread in a load: its symbol table and counts carry over. */
    private static final java.util.Map<TraceFormat, LineParser> PARSERS = new java.util.EnumMap<>(TraceFormat.class);

    /** Any line, in any of the text formats. */
    @FuzzTest(maxDuration = "10m")
    void anyLine(FuzzedDataProvider data) {
        TraceFormat format = data.pickValue(TraceFormat.values());
        byte[] line = data.consumeRemainingAsBytes();
        parse(format, line);
    }

    /** A well-formed ftrace header in front of a fuzzed body, for every typed event: the decoders' input. */
    @FuzzTest(maxDuration = "10m")
    void anyBodyOfATypedEvent(FuzzedDataProvider data) {
        EventCatalog.Entry event = data.pickValue(EVENTS);
        int cpu = data.consumeInt(0, 511);
        String header = " dioscen-27199   [" + String.format("%03d", cpu) + "] .....  4195.962702: " + event.name + ": ";
        byte[] body = data.consumeRemainingAsBytes();
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[head.length + body.length];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(body, 0, line, head.length, body.length);
        parse(TraceFormat.FTRACE, line);
    }

    private static void parse(TraceFormat format, byte[] line) {
        LineParser parser = PARSERS.computeIfAbsent(format,
                f -> new LineParser(f, EventCatalog.standard(), new ParseStats(), true, new CheckingFrames()));
        CheckingRow row = new CheckingRow();
        // the reader hands the parser a line inside a larger block: fuzz that offset too
        byte[] block = new byte[line.length + 2];
        System.arraycopy(line, 0, block, 1, line.length);
        block[0] = '\n';
        block[block.length - 1] = '\n';
        boolean produced = parser.parse(block, 1, 1 + line.length, 1, row);
        if (produced != (row.rows == 1)) throw new IllegalStateException("a row was begun but not reported, or the reverse");
    }
}
