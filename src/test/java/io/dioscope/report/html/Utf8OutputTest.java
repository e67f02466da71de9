package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Utf8OutputTest {
    /** Whatever way the text is cut into appends, the bytes are its UTF-8. */
    @ParameterizedTest
    @MethodSource("cuts")
    void theBytesAreTheTextsUtf8HoweverItIsAppended(long seed) throws Exception {
        Random r = new Random(seed);
        // ASCII, Latin-1, a CJK character and a character outside the BMP (a surrogate pair), as a task's comm
        // or a path in a trace line may hold
        String[] pieces = {"<td>", "kworker/u8:2", "caf\u00e9", "\u4e2d", "\ud83d\udcbe", "a".repeat(300), "&amp;"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) text.append(pieces[r.nextInt(pieces.length)]);
        String whole = text.toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Output out = new Utf8Output(bytes)) {
            int at = 0;
            while (at < whole.length()) {
                int n = Math.min(whole.length() - at, 1 + switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(20);
                    case 2 -> 256 + r.nextInt(600);
                    default -> r.nextInt(9000);
                });
                if (n == 1 && r.nextBoolean()) {
                    out.append(whole.charAt(at));
                } else if (r.nextBoolean()) {
                    out.append(whole.substring(at, at + n));
                } else {
                    out.append(whole, at, at + n);
                }
                at += n;
            }
        }
        assertArrayEquals(whole.getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    }

    static Stream<Long> cuts() {
        return IntStream.range(0, 40).mapToObj(i -> (long) i);
    }

    /** A pair cut between a short piece and a long string, or between two single characters, stays one character. */
    @Test
    void aSurrogatePairCutAcrossAppendsIsOneCharacter() throws Exception {
        String disk = "\ud83d\udcbe";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Output out = new Utf8Output(bytes)) {
            out.append("x" + disk.charAt(0));
            out.append(disk.charAt(1) + "y".repeat(500));
            out.append(disk.charAt(0));
            out.append(disk.charAt(1));
        }
        assertArrayEquals(("x" + disk + "y".repeat(500) + disk).getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    }

    /** A page jsoup writes into it is the page jsoup writes into a string, escaping and all. */
    @Test
    void aPageIsWrittenAsJsoupWritesIt() throws Exception {
        Document doc = Document.createShell("");
        doc.outputSettings().prettyPrint(false);
        Element body = doc.body();
        body.appendElement("h1").text("dioscope <report> & caf\u00e9 \ud83d\udcbe");
        for (String part : List.of("<section>" + "x".repeat(5000) + "</section>", "<p>short</p>")) {
            body.appendChild(new DataNode(part));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Output out = new Utf8Output(bytes)) {
            doc.html(out);
        }
        assertArrayEquals(doc.html().getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    }
}
