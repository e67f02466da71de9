package io.dioscope.ingest;

import io.dioscope.ingest.blktrace.BlkparseText;
import io.dioscope.ingest.blktrace.BlktraceFiles;
import io.dioscope.ingest.dat.DatBuffer;
import io.dioscope.ingest.dat.DatException;
import io.dioscope.ingest.dat.DatFile;
import io.dioscope.ingest.dat.DatTextStream;
import java.io.BufferedInputStream;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An input trace opened for reading: compression recognised from magic bytes and undone; a trace-cmd
 * {@code trace.dat} read through {@link DatTextStream} (its records rendered as the text trace-cmd
 * report prints, one buffer at a time: {@code FILE@NAME} names an instance); blktrace's binary
 * {@code DEV.blktrace.CPU} files read as one trace with their sibling CPU files through
 * {@link BlkparseText} (the text blkparse prints for them); perf.data refused with a
 * message that says how to turn it into text. The file's bytes are hashed (SHA-256) as they are read,
 * under the decompressor, so that recognising an input loaded before costs no second pass over it.
 */
public final class TraceFile {
    private final Path path;
    private final long size;
    private final Compression compression;
    private final CountingStream counted;
    private final DigestInputStream digested;
    private final InputStream text;
    /** For a trace.dat: the file, the buffer read, and the instance's name hashed after the file's bytes. */
    private DatFile dat;
    private DatBuffer buffer;
    private DatTextStream rendering;
    /** For blktrace's binary files: "blktrace v7, N CPU file(s)". */
    private String blktrace;
    private boolean hashed;

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
     * The traces a file holds: the file itself, and for a trace.dat with instances ({@code trace-cmd
     * record -B NAME}) also {@code FILE@NAME} for each, each a trace of its own.
     */
    public static List<Path> traces(Path path) throws TraceInputException {
        List<Path> out = new ArrayList<>();
        out.add(path);
        if (!Files.isRegularFile(path)) return out;
        byte[] head = new byte[16];
        int n;
        try (InputStream in = decompressed(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return out; // open() says why it cannot be read
        }
        // any CPU file of a blktrace set, compressed too, stands for the set: its first file
        if (BlktraceFiles.isBlktrace(head, n)) return List.of(BlktraceFiles.cpuFiles(path).get(0));
        if (!DatFile.isDat(head, n)) return out;
        try (DatFile f = DatFile.open(path)) {
            for (DatBuffer b : f.buffers()) {
                if (!b.isTop()) out.add(Path.of(path + "@" + b.name()));
            }
        } catch (DatException | IOException e) {
            return out; // open() reports it
        }
        return out;
    }

    /** A file's bytes with its compression, recognised from its first bytes, undone. */
    private static InputStream decompressed(Path f) throws IOException {
        PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(new FileInputStream(f.toFile()), 1 << 16), 16);
        byte[] magic = new byte[16];
        int n = in.readNBytes(magic, 0, magic.length);
        in.unread(magic, 0, n);
        try {
            return Compression.detect(magic, n).decompress(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a trace file. Nothing here seeks: a named pipe or {@code /dev/fd/N} ({@code <(gzip -c t)})
     * is read like a file, its compression recognised from its first bytes.
     */
    public static TraceFile open(Path path) throws TraceInputException {
        if (path.toString().equals("-")) {
            // the standard input, read once: copied as it is read so its lines can be shown later
            try {
                return open(path, -1, StdinSpool.open(System.in));
            } catch (IOException e) {
                throw new TraceInputException("-: cannot copy the standard input to a temporary file (" + e.getMessage() + ")");
            }
        }
        if (isInstance(path)) {
            String name = path.toString();
            int at = name.lastIndexOf('@');
            return open(Path.of(name.substring(0, at)), name.substring(at + 1));
        }
        return open(path, null);
    }

    /** {@code FILE@NAME}: no file has that name, and FILE does (the instance NAME of a trace.dat). */
    public static boolean isInstance(Path path) {
        String name = path.toString();
        int at = name.lastIndexOf('@');
        return at > 0 && at < name.length() - 1 && !Files.exists(path) && Files.isRegularFile(Path.of(name.substring(0, at)));
    }

    private static TraceFile open(Path path, String instance) throws TraceInputException {
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
        TraceFile t = open(path, size, raw, instance);
        if (instance != null && t.dat == null) {
            t.closeQuietly();
            throw new TraceInputException(path + "@" + instance + ": no such file (and " + path + " is not a trace.dat)");
        }
        return t;
    }

    /**
     * Reads a trace from a stream that need not support anything but {@link InputStream#read}: no mark,
     * no seek, no {@code available()}. {@code path} names it in messages; {@code size} is its size when
     * known (for progress), else -1.
     */
    public static TraceFile open(Path path, long size, InputStream stream) throws TraceInputException {
        return open(path, size, stream, null);
    }

    private static TraceFile open(Path path, long size, InputStream stream, String instance)
            throws TraceInputException {
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
                if (DatFile.isDat(magic, m)) return openDat(path, size, compression, counted, digested, inner, instance);
                if (BlktraceFiles.isBlktrace(magic, m)) {
                    return openBlktrace(path, size, compression, counted, digested, inner, magic, m);
                }
                refuseBinary(path, magic, m);
                text = inner;
            } else {
                if (DatFile.isDat(magic, n)) return openDat(path, size, compression, counted, digested, head, instance);
                if (BlktraceFiles.isBlktrace(magic, n)) {
                    return openBlktrace(path, size, compression, counted, digested, head, magic, n);
                }
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

    /**
     * A trace.dat is read at the offsets it states: a plain file directly; a compressed one, or one that
     * arrives through a pipe, first copied (decompressed) to a temporary file that goes when the text is
     * closed. The stream under the decompressor is still hashed, so the content hash is the file's.
     */
    private static TraceFile openDat(Path path, long size, Compression compression, CountingStream counted,
            DigestInputStream digested, InputStream data, String instance) throws TraceInputException, IOException {
        Path readFrom = path;
        Path spool = null;
        if (compression != Compression.NONE || !Files.isRegularFile(path)) {
            spool = Files.createTempFile("dioscope-", ".dat");
            try (OutputStream out = Files.newOutputStream(spool)) {
                data.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(spool);
                throw new TraceInputException(path + ": cannot be read: its " + compression.label()
                        + " data is cut short or damaged (" + message(e) + ")");
            }
            readFrom = spool;
        }
        String name = instance == null ? path.toString() : path + "@" + instance;
        DatFile dat;
        try {
            dat = DatFile.open(readFrom);
        } catch (DatException e) {
            if (spool != null) Files.deleteIfExists(spool);
            closeQuietly(counted);
            throw new TraceInputException(name + ": cannot be read as a trace.dat: " + e.getMessage());
        }
        DatBuffer buffer = null;
        List<String> names = new ArrayList<>();
        for (DatBuffer b : dat.buffers()) {
            if (instance == null ? b.isTop() : b.name().equals(instance)) buffer = b;
            if (!b.isTop()) names.add(b.name());
        }
        if (buffer == null) {
            dat.close();
            if (spool != null) Files.deleteIfExists(spool);
            closeQuietly(counted);
            throw new TraceInputException(name + ": " + (instance == null ? "has no top buffer"
                    : "has no instance '" + instance + "'") + " (its instances: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        InputStream text;
        DatTextStream rendering;
        try {
            rendering = new DatTextStream(dat, buffer);
            text = rendering;
        } catch (DatException e) {
            dat.close();
            if (spool != null) Files.deleteIfExists(spool);
            closeQuietly(counted);
            throw new TraceInputException(name + ": cannot be read as a trace.dat: " + e.getMessage());
        }
        text = new ClosesTheFile(text, counted, spool);
        TraceFile t = new TraceFile(instance == null ? path : Path.of(name), size, compression, counted, digested, text);
        t.dat = dat;
        t.buffer = buffer;
        t.rendering = rendering;
        return t;
    }

    /**
     * blktrace's binary records: the file read as it streams in (hashed), with the other CPU files of
     * its set ({@code DEV.blktrace.N} beside it, compressed as it is); a piped one is read alone. The
     * content hash is the named file's.
     */
    private static TraceFile openBlktrace(Path path, long size, Compression compression, CountingStream counted,
            DigestInputStream digested, InputStream data, byte[] magic, int n) throws TraceInputException {
        String unsupported = BlktraceFiles.unsupported(magic, n);
        if (unsupported != null) throw new TraceInputException(path + ": cannot be read: " + unsupported);
        List<Path> files = BlktraceFiles.cpuFiles(path);
        List<InputStream> streams = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try {
            for (Path f : files) {
                boolean named = f.equals(path) || files.size() == 1;
                streams.add(named ? data : decompressed(f));
                labels.add(f.toString());
            }
            if (!streams.contains(data)) throw new IOException(path + " is not among its own CPU files");
            BlkparseText rendering = new BlkparseText(streams, labels);
            TraceFile t = new TraceFile(path, size, compression, counted, digested, new ClosesTheFile(rendering, counted, null));
            t.blktrace = "blktrace v7, " + files.size() + " CPU file(s)";
            return t;
        } catch (IOException e) {
            for (InputStream s : streams) if (s != data) closeQuietly(s);
            throw new TraceInputException(path + ": cannot be read as blktrace's binary records: " + message(e));
        }
    }

    /**
     * A trace.dat's text, whose closing also closes the file as it was opened (the hashed stream, which
     * the rendering does not read) and deletes the temporary copy of a compressed or piped one.
     */
    private static final class ClosesTheFile extends FilterInputStream {
        private final InputStream raw;
        private final Path spool;

        ClosesTheFile(InputStream text, InputStream raw, Path spool) {
            super(text);
            this.raw = raw;
            this.spool = spool;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                try {
                    raw.close();
                } finally {
                    if (spool != null) Files.deleteIfExists(spool);
                }
            }
        }
    }

    private void closeQuietly() {
        closeQuietly(counted);
        try {
            text.close();
        } catch (IOException ignored) {
            // nothing was read yet
        }
    }

    /**
     * For a trace.dat: its lines end with each record's place in the file (CPU, page, record); see
     * {@link DatTextStream#showRecordPositions()}. Nothing for a text trace, whose lines are its own.
     */
    public void showRecordPositions() {
        if (rendering != null) rendering.showRecordPositions();
    }

    /** The text format a binary file is rendered in (trace-cmd's report, blkparse's), or null for text. */
    public TraceFormat renderedAs() {
        if (blktrace != null) return TraceFormat.BLKPARSE;
        return dat != null ? TraceFormat.TRACE_CMD : null;
    }

    /** The recording machine's page size, when the file says it (a trace.dat's header), else null. */
    public Integer pageSize() {
        return dat == null ? null : dat.pageSize();
    }

    /** What kind of file it is beyond its text format: "trace.dat v7 zstd" (plus the instance), or null for text. */
    public String container() {
        if (blktrace != null) return blktrace;
        if (dat == null) return null;
        return dat.label() + (buffer.isTop() ? "" : ", " + buffer.label());
    }

    private static void refuseBinary(Path path, byte[] magic, int n) throws TraceInputException {
        // perf.data starts with "PERFILE2"
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
        // a trace.dat is read by offset, not through the hashed stream: until it is hashed, progress is its reads
        if (dat != null && !hashed) return size >= 0 ? Math.min(size, dat.bytesRead()) : dat.bytesRead();
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
        hashed = true;
        MessageDigest md = digested.getMessageDigest();
        // an instance is other content than its file's top buffer: its name is hashed after the bytes
        if (buffer != null && !buffer.isTop()) md.update(("@" + buffer.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
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
