package io.dioscope.ingest;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An input trace opened for reading: compression recognised from magic bytes and undone, binary
 * trace containers (trace.dat, perf.data) refused with a message that says how to turn them into
 * text. The file's bytes are hashed (SHA-256) as they are read, under the decompressor, so that
 * recognising an input loaded before costs no second pass over it.
 */
public final class TraceFile {
    private final Path path;
    private final long size;
    private final Compression compression;
    private final CountingStream counted;
    private final DigestInputStream digested;
    private final InputStream text;

    private TraceFile(Path path, long size, Compression compression, CountingStream counted,
            DigestInputStream digested, InputStream text) {
        this.path = path;
        this.size = size;
        this.compression = compression;
        this.counted = counted;
        this.digested = digested;
        this.text = text;
    }

    /**
     * Opens a trace file. Nothing here seeks: a named pipe or {@code /dev/fd/N} ({@code <(gzip -c t)})
     * is read like a file, its compression recognised from its first bytes.
     */
    public static TraceFile open(Path path) throws TraceInputException {
        long size;
        InputStream raw;
        try {
            if (Files.isDirectory(path)) throw new TraceInputException(path + ": is a directory, not a trace");
            size = Files.isRegularFile(path) ? Files.size(path) : -1;
            // a FileInputStream rather than Files.newInputStream: the latter's available() asks the
            // channel for its position, which fails on a pipe ("Illegal seek")
            raw = new FileInputStream(path.toFile());
        } catch (NoSuchFileException | FileNotFoundException e) {
            if (!Files.exists(path)) throw new TraceInputException(path + ": no such file");
            throw new TraceInputException(path + ": cannot be read (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new TraceInputException(path + ": cannot be read (" + e.getMessage() + ")");
        }
        return open(path, size, raw);
    }

    /**
     * Reads a trace from a stream that need not support anything but {@link InputStream#read}: no mark,
     * no seek, no {@code available()}. {@code path} names it in messages; {@code size} is its size when
     * known (for progress), else -1.
     */
    public static TraceFile open(Path path, long size, InputStream stream) throws TraceInputException {
        DigestInputStream digested = new DigestInputStream(new StreamOnly(stream), sha256());
        CountingStream counted = new CountingStream(digested);
        try {
            PushbackInputStream head = new PushbackInputStream(counted, 16);
            byte[] magic = new byte[16];
            int n = head.readNBytes(magic, 0, magic.length);
            head.unread(magic, 0, n);
            Compression compression = Compression.detect(magic, n);
            InputStream text;
            if (compression != Compression.NONE) {
                PushbackInputStream inner;
                int m;
                try {
                    inner = new PushbackInputStream(compression.decompress(head), 16);
                    m = inner.readNBytes(magic, 0, magic.length);
                } catch (IOException e) {
                    closeQuietly(counted);
                    throw new TraceInputException(path + ": cannot be read: its " + compression.label()
                            + " data is cut short or damaged before any text (" + message(e) + ")");
                }
                inner.unread(magic, 0, m);
                refuseBinary(path, magic, m);
                text = inner;
            } else {
                refuseBinary(path, magic, n);
                text = head;
            }
            return new TraceFile(path, size, compression, counted, digested, text);
        } catch (IOException e) {
            closeQuietly(counted);
            throw new TraceInputException(path + ": cannot be read as a trace (" + message(e) + ")");
        } catch (TraceInputException e) {
            closeQuietly(counted);
            throw e;
        }
    }

    /** An exception's message, or what it means when it has none (xz's EOFException). */
    public static String message(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) return e.getMessage();
        if (e instanceof java.io.EOFException) return "unexpected end of the compressed data";
        return e.getClass().getSimpleName();
    }

    private static void refuseBinary(Path path, byte[] magic, int n) throws TraceInputException {
        // trace.dat starts with 0x17 0x08 0x44 "tracing"; perf.data with "PERFILE2"
        if (n >= 10 && magic[0] == 0x17 && magic[1] == 0x08 && magic[2] == 0x44 && magic[3] == 't') {
            throw new TraceInputException(path + ": is a binary trace-cmd trace.dat; load its text form: "
                    + "trace-cmd report -i " + path + " > " + path + ".report");
        }
        if (n >= 8 && new String(magic, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1).equals("PERFILE2")) {
            throw new TraceInputException(path + ": is a binary perf.data; load its text form: "
                    + "perf script -i " + path + " > " + path + ".perfscript");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one worth reporting
        }
    }

    public Path path() {
        return path;
    }

    /** Size of the file on disk (compressed size when compressed); -1 for a pipe. */
    public long size() {
        return size;
    }

    public Compression compression() {
        return compression;
    }

    /** Bytes of the file on disk consumed so far. */
    public long position() {
        return counted.count;
    }

    /**
     * The hex SHA-256 of the file's bytes as stored on disk. Call it once, after the text was read: it
     * first reads what the decompressor left unread (bytes after the last compressed member, the rest
     * of a stream that broke off), so the hash always covers the whole file; {@link #position()} is
     * then the number of bytes hashed.
     */
    public String sha256Hex() throws IOException {
        counted.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digested.getMessageDigest().digest());
    }

    /** The decompressed text. */
    public InputStream text() {
        return text;
    }

    /**
     * Hides everything of a stream but reading: {@code available()} is 0 (the decompressors above it
     * then simply read), {@code mark} is unsupported, so that no layer asks a pipe to seek.
     */
    private static final class StreamOnly extends FilterInputStream {
        StreamOnly(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 1), 8192)])); // a pipe cannot skip: read
        }
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) count++;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        // read rather than skip: every byte must pass through the digest below
        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
                if (r < 0) break;
                skipped += r;
            }
            return skipped;
        }
    }
}
