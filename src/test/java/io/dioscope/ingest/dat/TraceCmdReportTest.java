package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The corpus trace {@code corpus/trace-cmd/xfs-read-overlap.dat} was printed twice by trace-cmd 3.1.6
 * (libtraceevent 1.8.4): {@code trace-cmd report -R} ({@code captured/xfs-read-overlap.raw.report.gz}:
 * each field as {@code name=value}) and {@code trace-cmd report} ({@code corpus/trace-cmd/xfs-read-overlap.report.gz}:
 * each event's print fmt), same records in the same order. For every record, this test builds the
 * payload bytes back from the -R values at the offsets of the 6.18 format files
 * ({@code dat/formats-6.18/}, the field lists -R printed match them) and checks that
 * {@link EventFormat#render} prints exactly the body the normal report printed.
 *
 * <p>-R is not fully raw: libtraceevent prints a field through the print fmt's conversion when that
 * conversion's argument is the field itself ({@link RawReportLine}), so {@code ino=0x83} is hex,
 * {@code i_ino=83} is hex without 0x ({@code %lx}), and {@code ops}/{@code caller} are symbols
 * ({@code __start_rodata}, {@code iomap_file_buffered_write+0xa8}), not addresses. The capture's own
 * kallsyms is not in the corpus, so the addresses are rebuilt from real (address, name) lines of the
 * 6.18 machine's /proc/kallsyms ({@code dat/kallsyms-6.18-excerpt.txt}: each symbol named in the report
 * and the symbol after it): {@code caller} = symbol + the report's offset, {@code ops} = the address of
 * {@code __start_rodata} (%ps prints no offset, so any address up to the next symbol prints the same).
 * That checks the symbol lookup and the {@code name+0xoff} text, not the capture's exact addresses.
 */
class TraceCmdReportTest {
    private static final RecordLayout LAYOUT = new RecordLayout(false, 8, Formats618.kallsymsExcerpt());

    @Test
    void renderReproducesTraceCmdReportForEveryRecordOfTheCorpusTrace() throws IOException {
        Map<String, EventFormat> byName = new TreeMap<>();
        Formats618.all().values().forEach(e -> byName.put(e.name(), e));
        List<String> raw = lines("/captured/xfs-read-overlap.raw.report.gz");
        List<String> pretty = lines("/corpus/trace-cmd/xfs-read-overlap.report.gz");
        assertEquals(raw.size(), pretty.size(), "the two reports have the same records");

        Map<String, Integer> checked = new TreeMap<>();
        TextOut out = new TextOut();
        int records = 0;
        for (int i = 0; i < raw.size(); i++) {
            String r = raw.get(i);
            String p = pretty.get(i);
            if (r.equals("cpus=2")) {
                assertEquals(r, p);
                continue;
            }
            String event = RawReportLine.eventName(r);
            assertEquals(event, RawReportLine.eventName(p), "line " + (i + 1));
            EventFormat format = byName.get(event);
            assertNotNull(format, "a 6.18 format for " + event);
            assertNull(format.printProblem(), event);
            byte[] payload = RawReportLine.payload(format, RawReportLine.body(r), LAYOUT);
            out.clear();
            format.render(payload, 0, payload.length, LAYOUT, out);
            assertEquals(RawReportLine.body(p).stripLeading(), out.toString(), "line " + (i + 1) + ": " + r);
            checked.merge(event, 1, Integer::sum);
            records++;
        }
        assertEquals(35701, records);
        assertEquals(16, checked.size(), "every event of the trace: " + checked);
        assertTrue(checked.get("iomap_iter") == 1999 && checked.get("print") == 2, checked.toString());
    }

    private static List<String> lines(String resource) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(TraceCmdReportTest.class.getResourceAsStream(resource)), StandardCharsets.ISO_8859_1))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) out.add(l);
        }
        return out;
    }
}
