package io.dioscope.ingest.dat;

import java.nio.file.*;
import java.util.*;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Writes {@code dat/kernel-6.18/kallsyms-excerpt.txt} after {@code capture.sh} made new captures: the
 * lines of this machine's {@code /proc/kallsyms} that cover every address a capture prints with
 * {@code %ps}/{@code %pS}, each with the symbol after it (so the address still falls inside it).
 * Not a test: it runs only when asked, as root on the machine of the captures:
 * {@code mvn test -Dtest=KallsymsExcerptTool -Ddioscope.writeKallsymsExcerpt=true}.
 */
class KallsymsExcerptTool {
    @Test
    void writeExcerpt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("dioscope.writeKallsymsExcerpt"), "a tool, run only when asked");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/kallsyms")));
        lines.removeIf(l -> { String[] p = l.split("\\s+"); return p.length < 3 || p[1].equals("A") || p[1].equals("a") || p[2].startsWith("$"); });
        lines.sort(Comparator.comparing(l -> Long.parseUnsignedLong(l.split("\\s+")[0], 16) ^ Long.MIN_VALUE));
        long[] keys = lines.stream().mapToLong(l -> Long.parseUnsignedLong(l.split("\\s+")[0], 16) ^ Long.MIN_VALUE).toArray();
        Map<Integer, EventFormat> byId = new HashMap<>();
        Formats618.bundle().values().forEach(e -> byId.put(e.id(), e));
        RecordLayout layout = new RecordLayout(false, 8, Kallsyms.none());
        TreeSet<Integer> keep = new TreeSet<>();
        Path base = Path.of("src/test/resources/dat/kernel-6.18");
        for (String cap : new String[] {"fs", "all"}) {
            for (int cpu = 0; Files.exists(base.resolve(cap + "/cpu" + cpu + ".raw.gz")); cpu++) {
                byte[] raw;
                try (var in = new GZIPInputStream(Files.newInputStream(base.resolve(cap + "/cpu" + cpu + ".raw.gz")))) { raw = in.readAllBytes(); }
                for (var r : RingBufferPages.records(raw)) {
                    int id = (raw[r.offset()] & 0xff) | (raw[r.offset() + 1] & 0xff) << 8;
                    EventFormat e = byId.get(id);
                    if (e == null || e.printFormat() == null) continue;
                    Payload p = new Payload(raw, r.offset(), r.length(), layout);
                    for (var c : e.printFormat().conversions()) {
                        if (c.spec().conversion != 'p' || c.spec().pointerKind.isEmpty() || "SsFf".indexOf(c.spec().pointerKind.charAt(0)) < 0) continue;
                        long key = c.arg().eval(p) ^ Long.MIN_VALUE;
                        int i = Arrays.binarySearch(keys, key);
                        if (i < 0) i = -i - 2;
                        if (i < 0) continue;
                        while (i + 1 < keys.length && keys[i + 1] == keys[i]) i++;
                        keep.add(i);
                        if (i + 1 < keys.length) keep.add(i + 1);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i : keep) sb.append(lines.get(i)).append('\n');
        Files.writeString(base.resolve("kallsyms-excerpt.txt"), sb.toString());
        System.out.println("kept " + keep.size());
    }
}
