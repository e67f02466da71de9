package io.dioscope.ingest.dat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a big trace.dat out of a real one, at the record level, for the benchmark: {@code copies}
 * copies of every page of the top buffer, each copy's pages shifted in time to start after the
 * previous copy ends (a page's records are deltas from its base timestamp, so moving the base moves
 * them all) and with the inode fields of its records ({@code ino}, {@code i_ino}) offset by
 * {@code copy << 32}, so the copies are different files. Written as an uncompressed version 6 file
 * with the source's formats, kallsyms and command lines.
 */
public final class DatMultiplier {
    /** Inode offset between copies, as the text multiplier uses. */
    public static final long INODE_STRIDE = 1L << 32;
    private static final Pattern ID = Pattern.compile("(?m)^ID:\\s*(\\d+)");

    /** What was written. */
    public record Output(long records, long bytes, long spanNs) {}

    private DatMultiplier() {}

    public static Output write(Path source, int copies, Path target) throws IOException, DatException {
        try (DatFile f = DatFile.open(source)) {
            DatBuffer top = f.buffers().get(0);
            HeaderPage layout = HeaderPage.parse(f.headerPage);
            Map<Integer, int[]> inoFields = inodeFields(f);
            long[] span = span(f, top);
            long shift = span[1] - span[0] + 1_000_000L; // the next copy starts 1 ms after the last record
            int pageSize = top.pageSize();
            ByteOrder order = f.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int cpus = top.cpus().size();
            long[] bytes = new long[cpus];
            for (int i = 0; i < cpus; i++) bytes[i] = countPages(f, top, top.cpus().get(i)) * pageSize * copies;
            DatWriter.Head head = DatWriter.head(new DatWriter.Metadata(order, f.userLongSize, f.pageSize, f.headerPage,
                    f.headerEvent, f.ftraceFormats, f.eventFormats, f.kallsyms, f.printk, f.cmdlines,
                    f.clock == null ? null : "[" + f.clock + "]", List.of()), bytes);
            long records = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
                out.write(head.bytes());
                PageReader reader = new PageReader(layout, f.bigEndian, pageSize);
                byte[] copy = new byte[pageSize];
                for (int i = 0; i < cpus; i++) {
                    for (int k = 0; k < copies; k++) {
                        CpuPages src = new CpuPages(f, top, top.cpus().get(i), new DatProblems());
                        int[] at = new int[1];
                        byte[] page;
                        while ((page = src.next(at)) != null) {
                            System.arraycopy(page, at[0], copy, 0, pageSize);
                            ByteBuffer bb = ByteBuffer.wrap(copy).order(order);
                            int tsAt = layout.timestampOffset();
                            bb.putLong(tsAt, bb.getLong(tsAt) + k * shift);
                            reader.load(copy, 0);
                            while (reader.next()) {
                                records++;
                                if (k == 0) continue;
                                int type = (int) ByteCursor.number(copy, reader.payload, 2, f.bigEndian);
                                int[] fields = inoFields.get(type);
                                if (fields == null) continue;
                                for (int off : fields) {
                                    if (off + 8 > reader.length) continue;
                                    int p = reader.payload + off;
                                    bb.putLong(p, bb.getLong(p) + k * INODE_STRIDE);
                                }
                            }
                            out.write(copy);
                        }
                    }
                }
            }
            return new Output(records, Files.size(target), span[1] - span[0]);
        }
    }

    /** For each event type, the offsets of its 8-byte inode fields. */
    private static Map<Integer, int[]> inodeFields(DatFile f) {
        Map<Integer, int[]> out = new HashMap<>();
        for (String[] sf : f.eventFormats) {
            Matcher m = ID.matcher(sf[1]);
            if (!m.find()) continue;
            EventFormat format;
            try {
                format = EventFormat.parse(sf[0], sf[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            List<Integer> offsets = new ArrayList<>();
            for (FormatField field : format.fields()) {
                if ((field.name().equals("ino") || field.name().equals("i_ino")) && field.size() == 8) {
                    offsets.add(field.offset());
                }
            }
            if (!offsets.isEmpty()) out.put(format.id(), offsets.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** First and last record time (raw clock) of the buffer. */
    private static long[] span(DatFile f, DatBuffer top) throws DatException, IOException {
        RecordReader r = new RecordReader(f, top, new DatProblems());
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        while (r.next()) {
            first = Math.min(first, r.ts);
            last = Math.max(last, r.ts);
        }
        if (first == Long.MAX_VALUE) throw new DatException("has no records to multiply");
        return new long[] {first - f.timeOffset, last - f.timeOffset};
    }

    private static long countPages(DatFile f, DatBuffer b, DatBuffer.CpuData cpu) throws IOException {
        CpuPages pages = new CpuPages(f, b, cpu, new DatProblems());
        int[] at = new int[1];
        long n = 0;
        while (pages.next(at) != null) n++;
        return n;
    }
}
