package io.dioscope.ingest.dat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a ring-buffer page as the file's {@code header_page} describes it
 * ({@code field: u64 timestamp; offset:0; size:8; signed:0;} and so on): where the page's base
 * timestamp, its {@code commit} word (data size and lost-event flags, a kernel {@code long}) and its
 * data start.
 */
record HeaderPage(int timestampOffset, int commitOffset, int commitSize, int dataOffset, int dataSize) {
    private static final Pattern FIELD = Pattern.compile(
            "field:[^;]*?\\b(\\w+)(?:\\[\\d*\\])?;\\s*offset:(\\d+);\\s*size:(\\d+);");

    static HeaderPage parse(String text) throws DatException {
        int ts = -1, commit = -1, commitSize = -1, data = -1, dataSize = -1;
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            int offset = Integer.parseInt(m.group(2));
            int size = Integer.parseInt(m.group(3));
            switch (m.group(1)) {
                case "timestamp" -> ts = offset;
                case "commit" -> {
                    commit = offset;
                    commitSize = size;
                }
                case "data" -> {
                    data = offset;
                    dataSize = size;
                }
                default -> { }
            }
        }
        if (ts < 0 || commit < 0 || data < 0 || (commitSize != 4 && commitSize != 8)) {
            throw new DatException("its header_page does not describe timestamp, commit (4 or 8 bytes) and data: "
                    + text.replace('\n', ' ').replace('\t', ' ').trim());
        }
        return new HeaderPage(ts, commit, commitSize, data, dataSize);
    }

    /** The bytes of one page (a sub-buffer, as the ring buffer reads them out): its header and its data. */
    int pageBytes() {
        return dataOffset + dataSize;
    }

    /** The kernel's long size: the size of {@code commit}. */
    static int commitSize(String text) throws DatException {
        return parse(text).commitSize;
    }
}
