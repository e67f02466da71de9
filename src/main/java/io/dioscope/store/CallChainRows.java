package io.dioscope.store;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.CallChainSink;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The rows of {@code event_callchains} one load collects while its events are scanned, until they are
 * appended to DuckDB after the scan.
 *
 * <p>Why not straight into DuckDB: the scan is one {@code INSERT INTO events SELECT ... FROM
 * dioscope_scan(...)}, a statement inserts into one table, and the connection is busy until it ends. An
 * appender on a second connection would commit outside the load's transaction (a refused or failed load
 * would leave frames behind), and the input may be a pipe, so a second table function cannot read it
 * again. So each parser thread fills a {@link Buffer} (a few thousand rows, or 1 MiB of symbols), and
 * hands it here when full. The first {@link #DEFAULT_MEMORY_BYTES} stay in memory; past that, everything
 * is written to a temporary file (symbols once each), so the heap stays bounded whatever the size of
 * the trace: a {@code perf record -g} trace has some 75 frame lines per event. After the scan
 * {@link #appendTo} appends them all through a DuckDB appender on the load's own connection, inside its
 * transaction, and {@link #close} deletes the file.
 */
final class CallChainRows implements AutoCloseable {
    static final int BUFFER_ROWS = 4096;
    private static final int BUFFER_BYTES = 1 << 20;
    static final long DEFAULT_MEMORY_BYTES = 32L << 20;
    /** Symbols written once to the file and then referred to by number: at most this many, of at most 256 bytes. */
    private static final int MAX_DICTIONARY = 1 << 16;
    private static final int MAX_DICTIONARY_LENGTH = 256;
    private static final int NULL = -1;
    private static final int NEW = -2;
    private static final int INLINE = -3;

    private final long memoryBytes;
    private final List<Buffer> held = new ArrayList<>();
    private long heldBytes;
    private Path file;
    private DataOutputStream out;
    private final Map<byte[], Integer> dictionary = new IdentityHashMap<>();
    private long rows;

    /** {@code memoryBytes}: how much is kept in memory before everything goes to a temporary file (tests: 0). */
    CallChainRows(long memoryBytes) {
        this.memoryBytes = memoryBytes;
    }

    /** A run of rows, column by column: filled by one thread's {@link Sink}, then kept or written out. */
    private static final class Buffer {
        final long[] line = new long[BUFFER_ROWS];
        final int[] depth = new int[BUFFER_ROWS];
        final long[] address = new long[BUFFER_ROWS];
        final long[] offset = new long[BUFFER_ROWS];
        final byte[][] symbol = new byte[BUFFER_ROWS][];
        final byte[][] dso = new byte[BUFFER_ROWS][];
        int size;
        /** Roughly what the rows hold: a fixed part and the bytes of their texts (shared or not). */
        long bytes;

        void clear() {
            java.util.Arrays.fill(symbol, 0, size, null);
            java.util.Arrays.fill(dso, 0, size, null);
            size = 0;
            bytes = 0;
        }
    }

    /** A sink for one parser thread. */
    Sink newSink() {
        return new Sink(new Buffer());
    }

    /** One parser thread's rows; not thread-safe. The buffer it fills is replaced when that one is kept in memory. */
    final class Sink implements CallChainSink {
        private Buffer buffer;

        Sink(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void frame(long eventLine, int depth, long address, byte[] symbol, long symbolOffset, byte[] dso) {
            Buffer b = buffer;
            int i = b.size;
            b.line[i] = eventLine;
            b.depth[i] = depth;
            b.address[i] = address;
            b.offset[i] = symbolOffset;
            b.symbol[i] = symbol;
            b.dso[i] = dso;
            b.size = i + 1;
            b.bytes += 40 + (symbol == null ? 0 : symbol.length) + (dso == null ? 0 : dso.length);
            if (b.size == BUFFER_ROWS || b.bytes >= BUFFER_BYTES) buffer = take(b);
        }

        /** Hands over what is left; call once, when the thread has parsed its last line. */
        void flush() {
            if (buffer.size > 0) buffer = take(buffer);
        }
    }

    /** Keeps or writes out a full buffer; returns the buffer its thread goes on with. */
    private synchronized Buffer take(Buffer b) {
        rows += b.size;
        if (out == null && heldBytes + b.bytes <= memoryBytes) {
            held.add(b);
            heldBytes += b.bytes;
            return new Buffer();
        }
        try {
            if (out == null) {
                file = Files.createTempFile("dioscope-callchains-", ".bin");
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
                for (Buffer h : held) write(h);
                held.clear();
                heldBytes = 0;
            }
            write(b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write call chains to a temporary file: " + e.getMessage(), e);
        }
        b.clear();
        return b;
    }

    private void write(Buffer b) throws IOException {
        out.writeInt(b.size);
        for (int i = 0; i < b.size; i++) {
            out.writeLong(b.line[i]);
            out.writeInt(b.depth[i]);
            out.writeLong(b.address[i]);
            out.writeLong(b.offset[i]);
            writeText(b.symbol[i]);
            writeText(b.dso[i]);
        }
    }

    private void writeText(byte[] s) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        Integer id = dictionary.get(s);
        if (id != null) {
            out.writeInt(id);
            return;
        }
        boolean remember = dictionary.size() < MAX_DICTIONARY && s.length <= MAX_DICTIONARY_LENGTH;
        if (remember) dictionary.put(s, dictionary.size());
        out.writeInt(remember ? NEW : INLINE);
        out.writeInt(s.length);
        out.write(s);
    }

    /** Frames collected so far. */
    synchronized long rows() {
        return rows;
    }

    /** Appends every row to {@code event_callchains} as trace {@code traceId}, on {@code c}; returns how many. */
    synchronized long appendTo(DuckDBConnection c, int traceId) throws SQLException {
        long appended = 0;
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "event_callchains")) {
            Map<byte[], String> strings = new IdentityHashMap<>();
            for (Buffer b : held) {
                for (int i = 0; i < b.size; i++) {
                    append(a, traceId, b.line[i], b.depth[i], b.address[i], text(strings, b.symbol[i]), b.offset[i],
                            text(strings, b.dso[i]));
                }
                appended += b.size;
            }
            if (out != null) appended += appendFile(a, traceId);
        } catch (IOException e) {
            throw new SQLException("cannot read call chains back from " + file + ": " + e.getMessage(), e);
        }
        return appended;
    }

    private long appendFile(DuckDBAppender a, int traceId) throws IOException, SQLException {
        out.close();
        out = null;
        long appended = 0;
        List<String> known = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                int n;
                try {
                    n = in.readInt();
                } catch (java.io.EOFException end) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    long line = in.readLong();
                    int depth = in.readInt();
                    long address = in.readLong();
                    long offset = in.readLong();
                    String symbol = readText(in, known);
                    String dso = readText(in, known);
                    append(a, traceId, line, depth, address, symbol, offset, dso);
                }
                appended += n;
            }
        }
        return appended;
    }

    private static String readText(DataInputStream in, List<String> known) throws IOException {
        int ref = in.readInt();
        if (ref == NULL) return null;
        if (ref >= 0) return known.get(ref);
        byte[] s = new byte[in.readInt()];
        in.readFully(s);
        String text = new String(s, StandardCharsets.UTF_8);
        if (ref == NEW) known.add(text);
        return text;
    }

    private static String text(Map<byte[], String> strings, byte[] s) {
        if (s == null) return null;
        if (strings.size() >= MAX_DICTIONARY) return new String(s, StandardCharsets.UTF_8);
        return strings.computeIfAbsent(s, k -> new String(k, StandardCharsets.UTF_8));
    }

    /** One row, in the column order of {@code event_callchains} (queries/schema.sql). */
    private static void append(DuckDBAppender a, int traceId, long line, int depth, long address, String symbol,
            long offset, String dso) throws SQLException {
        a.beginRow();
        a.append(traceId);
        a.append(line);
        a.append(depth);
        a.append(address); // UBIGINT: the same 64 bits, read unsigned
        if (symbol == null) a.appendNull(); else a.append(symbol);
        if (offset == Ascii.NOT_A_NUMBER) a.appendNull(); else a.append(offset);
        if (dso == null) a.appendNull(); else a.append(dso);
        a.endRow();
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            // the file is deleted next; nothing else to do with a failed close
        }
        out = null;
        held.clear();
        try {
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is not worth failing the load for
        }
        file = null;
    }
}
