package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventFormat#render} never throws, whatever the bytes: for every format of the 6.18 kernel,
 * random payloads of every plausible length (with {@code __data_loc} words that point anywhere) in all
 * four layouts; and every real record of the kernel captures cut at every length, which must mark what
 * the cut removed instead of printing it.
 */
class RenderNeverThrowsTest {
    private static final Map<String, EventFormat> FORMATS = Formats618.bundle();
    private static final Kallsyms SYMBOLS = Kallsyms.parse(text("/dat/kernel-6.18/kallsyms-excerpt.txt"));
    private static final List<RecordLayout> LAYOUTS = List.of(
            new RecordLayout(false, 8, SYMBOLS), new RecordLayout(true, 8, SYMBOLS),
            new RecordLayout(false, 4, SYMBOLS), new RecordLayout(true, 4, Kallsyms.none()));

    /** The 6.18 event systems (one test each: a test per event would spend more time in JUnit than in render). */
    static Stream<String> systems() {
        return FORMATS.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct();
    }

    @ParameterizedTest
    @MethodSource("systems")
    void randomPayloadsOfEveryLength(String system) {
        for (String name : FORMATS.keySet()) {
            if (name.startsWith(system + "/")) randomPayloads(name);
        }
    }

    private static void randomPayloads(String name) {
        EventFormat e = FORMATS.get(name);
        int size = 0;
        for (FormatField f : e.fields()) size = Math.max(size, f.offset() + f.size());
        Random random = new Random(name.hashCode());
        TextOut out = new TextOut();
        for (int len = 0; len <= size + 200; len += len <= size + 24 ? 1 : 44) {
            for (int round = 0; round < 4; round++) {
                byte[] b = new byte[len + 16];
                random.nextBytes(b);
                if (round == 1) java.util.Arrays.fill(b, (byte) 0);
                if (round == 2) java.util.Arrays.fill(b, (byte) 0xff);
                if (round == 3) plausibleLocations(e, b, 8, len, random);
                out.clear();
                e.render(b, 8, len, LAYOUTS.get((len + round) % LAYOUTS.size()), out); // each layout in turn
                assertTrue(out.length() < 1 << 20, name);
            }
        }
        // a window that the array does not hold
        out.clear();
        e.render(new byte[4], 2, 100, LAYOUTS.get(0), out);
        e.render(new byte[4], 9, -3, LAYOUTS.get(0), out);
    }

    /** Dynamic-field words whose offset and length land in, across and past the record. */
    private static void plausibleLocations(EventFormat e, byte[] b, int off, int len, Random random) {
        for (FormatField f : e.fields()) {
            if (!f.isDynamic() || f.offset() + 4 > len) continue;
            int start = random.nextInt(len + 8);
            int length = random.nextInt(len + 8);
            int word = length << 16 | start;
            for (int i = 0; i < 4; i++) b[off + f.offset() + i] = (byte) (word >>> 8 * i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fs", "all"})
    void everyRealRecordCutAtEveryLength(String capture) throws IOException {
        Map<Integer, EventFormat> byId = new HashMap<>();
        FORMATS.values().forEach(e -> byId.put(e.id(), e));
        RecordLayout layout = LAYOUTS.get(0);
        TextOut whole = new TextOut();
        TextOut cut = new TextOut();
        int records = 0;
        int marked = 0;
        for (int cpu = 0; RenderNeverThrowsTest.class.getResource("/dat/kernel-6.18/" + capture + "/cpu" + cpu + ".raw.gz") != null; cpu++) {
            byte[] raw = gunzip("/dat/kernel-6.18/" + capture + "/cpu" + cpu + ".raw.gz");
            for (RingBufferPages.Record r : RingBufferPages.records(raw)) {
                EventFormat e = byId.get((raw[r.offset()] & 0xff) | (raw[r.offset() + 1] & 0xff) << 8);
                whole.clear();
                e.render(raw, r.offset(), r.length(), layout, whole);
                records++;
                int fixed = 0;
                for (FormatField f : e.fields()) fixed = Math.max(fixed, f.offset() + f.size());
                for (int len = 0; len < r.length(); len++) {
                    byte[] b = java.util.Arrays.copyOfRange(raw, r.offset(), r.offset() + len);
                    cut.clear();
                    e.render(b, 0, len, layout, cut);
                    String text = cut.toString();
                    boolean hasMark = text.contains(Payload.TRUNCATED) || text.contains(Payload.BAD_LOC);
                    // a record cut inside its fixed fields always says so (when it prints any of them)
                    if (len < fixed && e.printProblem() == null && !whole.toString().equals(text)) {
                        assertTrue(hasMark || !usesFieldsPast(e, len), e + " cut at " + len + ": " + text);
                    }
                    if (hasMark) marked++;
                }
            }
        }
        assertTrue(records > 1000, "records: " + records);
        assertTrue(marked > 0);
    }

    private static final String DAMAGE = "(){}[],;:\"'%*-+<>?0123456789xREC->_ \n\t\\";

    static Stream<String> copiedFormats() throws IOException {
        try (Stream<java.nio.file.Path> s = java.nio.file.Files.walk(Formats618.root())) {
            return s.filter(p -> p.getFileName().toString().equals("format")).map(p -> Formats618.root().relativize(p.getParent()).toString())
                    .sorted().toList().stream();
        }
    }

    /**
     * A damaged format file (cut anywhere, characters dropped, doubled or replaced) is either parsed or
     * refused with an IllegalArgumentException, and what is parsed renders any bytes without throwing.
     */
    @ParameterizedTest
    @MethodSource("copiedFormats")
    void damagedFormatFilesAreParsedOrRefused(String event) throws IOException {
        String good = java.nio.file.Files.readString(Formats618.root().resolve(event).resolve("format"));
        Random random = new Random(event.hashCode());
        List<String> damaged = new java.util.ArrayList<>();
        for (int cut = 0; cut < good.length(); cut += 5) damaged.add(good.substring(0, cut));
        for (int round = 0; round < 150; round++) {
            StringBuilder b = new StringBuilder(good);
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, b.charAt(at));
                    default -> b.setCharAt(at, DAMAGE.charAt(random.nextInt(DAMAGE.length())));
                }
            }
            damaged.add(b.toString());
        }
        byte[] bytes = new byte[256];
        TextOut out = new TextOut();
        for (String text : damaged) {
            EventFormat e;
            try {
                e = EventFormat.parse("x", text);
            } catch (IllegalArgumentException refused) {
                assertTrue(!refused.getMessage().contains("\n"), refused.getMessage());
                continue;
            }
            assertTrue(e.printProblem() == null || !e.printProblem().startsWith("print fmt not parsed"), e.printProblem());
            random.nextBytes(bytes);
            for (int len : new int[] {0, 7, 40, 256}) {
                out.clear();
                e.render(bytes, 0, len, LAYOUTS.get(random.nextInt(LAYOUTS.size())), out);
            }
        }
    }

    /** Whether the print fmt could print a field that ends past {@code len}. */
    private static boolean usesFieldsPast(EventFormat e, int len) {
        for (FormatField f : e.fields()) if (!f.isCommon() && f.offset() + f.size() > len) return true;
        return false;
    }

    private static String text(String resource) {
        try (InputStream in = RenderNeverThrowsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(String resource) throws IOException {
        try (InputStream in = new GZIPInputStream(RenderNeverThrowsTest.class.getResourceAsStream(resource))) {
            return in.readAllBytes();
        }
    }
}
