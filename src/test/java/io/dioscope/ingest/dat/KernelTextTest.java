package io.dioscope.ingest.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records of the 6.18 kernel, rendered, against trace-cmd's text and the kernel's own text of the same
 * records ({@code dat/kernel-6.18/}, made by its {@code capture.sh}: the ring-buffer pages of each CPU as
 * the trace.dat holds them, {@code trace-cmd report -N} of that trace.dat, and {@code per_cpu/cpuN/trace}
 * of the same buffer, record for record). {@code fs}: the xfs, ext4, iomap, filemap, writeback, block,
 * printk and two sched event systems while xfs_io writes, reads, punches, zeroes, collapses,
 * preallocates, truncates and maps a file on a loop-mounted XFS and ext4; {@code all}: every event, the
 * last 96 KiB per CPU of the same workload.
 *
 * <p>Against trace-cmd, every body must be the same, except where trace-cmd could not parse the print fmt
 * ({@code [FAILED TO PARSE]}) or where every word that differs is the kernel's word (trace-cmd and the
 * kernel disagree there, and {@link EventFormat} prints what the kernel does: {@code be,0,4} for an I/O
 * priority, nothing for {@code __print_flags} of 0).
 *
 * <p>Against the kernel, a body may differ only in these ways, each counted:
 * <ul>
 * <li>{@code %pS}: the kernel adds the symbol's size ({@code +0x34/0x90}), libtraceevent does not;
 * <li>{@code %p}: the kernel (hash-ptr off) prints 16 hex digits, libtraceevent {@code 0x...} or {@code (nil)};
 * <li>{@code %ps}/{@code %pS} of an address in data: the kernel finds no symbol and prints the address,
 *     libtraceevent names the data symbol below it ({@code ops __start_rodata}, as the corpus report shows);
 * <li>a flag or symbol name the format leaves unexpanded ({@code {I_DIRTY_SYNC, ...}}): {@code 0x..}.
 * </ul>
 * Events whose print fmt is not understood are left out (they print raw fields), and so are syscalls,
 * which the kernel prints with code of its own, not with their print fmt.
 */
class KernelTextTest {
    private static final Pattern LINE = Pattern.compile("^\\s*(.*?)-(\\d+)\\s+\\[(\\d+)\\] (\\S+) +(\\d+\\.\\d+): ([^: ]+): (.*)$");
    private static final Pattern UNEXPANDED = Pattern.compile("\\{\\s*[A-Z_][A-Z0-9_]*\\s*,\\s*\"");

    @ParameterizedTest
    @ValueSource(strings = {"fs", "all"})
    void renderMatchesTheKernelsOwnTextOfTheSameRecords(String capture) throws IOException {
        String dir = "/dat/kernel-6.18/" + capture + "/";
        Map<Integer, EventFormat> byId = new HashMap<>();
        Map<Integer, Boolean> unexpanded = new HashMap<>();
        Map<String, String> texts = formatTexts();
        Formats618.bundle().forEach((key, e) -> {
            byId.put(e.id(), e);
            unexpanded.put(e.id(), UNEXPANDED.matcher(texts.get(key)).find());
        });
        RecordLayout layout = new RecordLayout(false, 8,
                Kallsyms.parse(text("/dat/kernel-6.18/kallsyms-excerpt.txt")), PrintkFormats.parse(text(dir + "printk_formats")));

        Map<Integer, List<String>> reported = reportBodies(dir + "report.gz");
        Map<String, Integer> counts = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();
        List<String> unlikeTraceCmd = new ArrayList<>();
        Map<String, Integer> traceCmd = new TreeMap<>();
        TextOut out = new TextOut();
        for (int cpu = 0; getClass().getResource(dir + "cpu" + cpu + ".raw.gz") != null; cpu++) {
            byte[] raw = gunzip(dir + "cpu" + cpu + ".raw.gz");
            List<String> lines = new ArrayList<>();
            for (String l : new String(gunzip(dir + "cpu" + cpu + ".trace.gz"), StandardCharsets.ISO_8859_1).split("\n")) {
                if (!l.startsWith("#")) lines.add(l);
            }
            List<RingBufferPages.Record> records = RingBufferPages.records(raw);
            assertEquals(lines.size(), records.size(), capture + " cpu" + cpu + ": one text line per record");
            List<String> report = reported.get(cpu);
            assertEquals(records.size(), report.size(), capture + " cpu" + cpu + ": one trace-cmd line per record");
            for (int i = 0; i < records.size(); i++) {
                RingBufferPages.Record r = records.get(i);
                int id = (raw[r.offset()] & 0xff) | (raw[r.offset() + 1] & 0xff) << 8;
                EventFormat e = byId.get(id);
                out.clear();
                e.render(raw, r.offset(), r.length(), layout, out);
                String mine = out.toString();
                // the kernel prints syscalls with code of its own ("sys_clone -> 0x5c49"), not with their print fmt
                boolean syscall = e.system().equals("syscalls");
                Matcher m = LINE.matcher(lines.get(i));
                assertTrue(syscall || m.matches(), lines.get(i));
                // and a marker as "tracing_mark_write: text", without the event name
                String kernel = syscall ? "" : e.name().equals("print") ? m.group(6) + ": " + m.group(7) : m.group(7);
                if (e.printProblem() == null) {
                    String why = unlikeTraceCmd(report.get(i), mine, kernel);
                    if (why == null) unlikeTraceCmd.add(e.system() + "/" + e.name() + "\n  trace-cmd: " + report.get(i) + "\n  mine:      " + mine + "\n  kernel:    " + kernel);
                    else traceCmd.merge(why, 1, Integer::sum);
                }
                if (e.printProblem() != null || syscall) {
                    counts.merge("skipped: print fmt not understood, or a syscall", 1, Integer::sum);
                    continue;
                }
                if (!e.name().equals("print")) assertEquals(e.name(), m.group(6), lines.get(i));
                String why = kernel.equals(mine) ? "same" : difference(kernel, mine, unexpanded.get(id));
                if (why == null) unexplained.add(e.system() + "/" + e.name() + "\n  kernel: " + kernel + "\n  mine:   " + mine);
                else counts.merge(why, 1, Integer::sum);
            }
        }
        System.out.println(capture + ": against trace-cmd " + traceCmd + "; against the kernel: " + counts);
        Map<String, List<String>> byEvent = new TreeMap<>();
        for (String u : unlikeTraceCmd) byEvent.computeIfAbsent(u.substring(0, u.indexOf('\n')), k -> new ArrayList<>()).add(u);
        byEvent.forEach((k, v) -> System.out.println(v.size() + " x " + v.get(0)));
        assertEquals(List.of(), unlikeTraceCmd.subList(0, Math.min(10, unlikeTraceCmd.size())), unlikeTraceCmd.size() + " unlike trace-cmd");
        assertEquals(List.of(), unexplained.subList(0, Math.min(10, unexplained.size())), unexplained.size() + " unlike the kernel");
        assertTrue(traceCmd.getOrDefault("same", 0) > 0.95 * traceCmd.values().stream().mapToInt(Integer::intValue).sum(), traceCmd.toString());
        assertTrue(counts.getOrDefault("same", 0) > 1000, counts.toString());
    }

    /**
     * The event bodies of a {@code trace-cmd report} by CPU, in order: what follows the event name, less
     * the spaces trace-cmd pads a name shorter than 20 characters with ({@code " %s: "} then 20 - length).
     */
    private static Map<Integer, List<String>> reportBodies(String resource) throws IOException {
        Map<Integer, List<String>> out = new TreeMap<>();
        Pattern line = Pattern.compile("^(?:\\S+: )?\\s*.*?-\\d+\\s+\\[(\\d+)\\] [\\d.]+: (\\S+): (.*)$", Pattern.DOTALL);
        for (String l : new String(gunzip(resource), StandardCharsets.ISO_8859_1).split("\n")) {
            if (l.startsWith("cpus=") || l.matches("(\\S+: )?CPU:\\d+ \\[.*")) continue; // "CPU:0 [EVENTS DROPPED]"
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), l);
            String body = m.group(3);
            int pad = Math.max(0, 20 - m.group(2).length());
            out.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(body.substring(Math.min(pad, body.length())));
        }
        return out;
    }

    /**
     * Why {@code mine} differs from trace-cmd's text, or null when nothing explains it: trace-cmd could
     * not parse the print fmt, or every word where they differ is the kernel's word (the kernel and
     * libtraceevent disagree there, and dioscope prints what the kernel does).
     */
    static String unlikeTraceCmd(String traceCmd, String mine, String kernel) {
        if (traceCmd.equals(mine)) return "same";
        if (traceCmd.startsWith("[FAILED TO PARSE]")) return "trace-cmd failed to parse";
        String[] t = traceCmd.split(" ", -1);
        String[] m = mine.split(" ", -1);
        String[] k = kernel.split(" ", -1);
        if (t.length != m.length || m.length != k.length) return null;
        for (int i = 0; i < t.length; i++) {
            if (!t[i].equals(m[i]) && !m[i].equals(k[i])) return null;
        }
        return "as the kernel where trace-cmd is not";
    }

    /** Which known difference explains kernel != mine, token by token; null when none does. */
    static String difference(String kernel, String mine, boolean formatHasUnexpandedNames) {
        String k = kernel.replaceAll("(\\+0x[0-9a-f]+)/0x[0-9a-f]+", "$1");
        String why = k.equals(kernel) ? null : "%pS size";
        String[] kt = k.split(" ", -1);
        String[] mt = mine.split(" ", -1);
        if (kt.length != mt.length) return null;
        for (int i = 0; i < kt.length; i++) {
            String a = kt[i];
            String b = mt[i];
            if (a.equals(b)) continue;
            String reason = tokenDifference(a, b, formatHasUnexpandedNames);
            if (reason == null) return null;
            why = why == null || why.equals(reason) ? reason : why + ", " + reason;
        }
        return why;
    }

    private static final Pattern KERNEL_POINTER = Pattern.compile("(.*?)([0-9a-f]{16})(\\W.*)?");
    private static final Pattern MY_POINTER = Pattern.compile("(.*?)(0x[0-9a-f]+|\\(nil\\))(\\W.*)?");

    private static String tokenDifference(String a, String b, boolean unexpanded) {
        Matcher ka = KERNEL_POINTER.matcher(a);
        Matcher mb = MY_POINTER.matcher(b);
        if (ka.matches() && mb.matches() && ka.group(1).equals(mb.group(1)) && same(ka.group(3), mb.group(3))) {
            long v = Long.parseUnsignedLong(ka.group(2), 16);
            if (mb.group(2).equals("(nil)") ? v == 0 : v == Long.parseUnsignedLong(mb.group(2).substring(2), 16)) return "%p";
        }
        if (a.matches(".*0xffffffff[0-9a-f]{8}.*") && b.matches(".*[A-Za-z_][A-Za-z_0-9.]*(\\+0x[0-9a-f]+)?.*")) return "symbol for a data address";
        if (unexpanded && a.matches(".*[A-Z][A-Z0-9_]+.*") && b.matches(".*0x[0-9a-f]+.*")) return "unexpanded flag name";
        return null;
    }

    private static boolean same(String x, String y) {
        return (x == null ? "" : x).equals(y == null ? "" : y);
    }

    private static Map<String, String> formatTexts() throws IOException {
        Map<String, String> out = new HashMap<>();
        String all = new String(gunzip("/dat/formats-6.18-all.txt.gz"), StandardCharsets.ISO_8859_1);
        for (String part : all.split("(?m)^### ")) {
            if (!part.isEmpty()) out.put(part.substring(0, part.indexOf('\n')), part);
        }
        return out;
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = KernelTextTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] gunzip(String resource) throws IOException {
        try (InputStream in = new GZIPInputStream(KernelTextTest.class.getResourceAsStream(resource))) {
            return in.readAllBytes();
        }
    }
}
