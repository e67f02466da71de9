package io.dioscope.ingest.dat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The compression a version 7 trace.dat names in its header ({@code "zstd\0" version}): its sections
 * flagged compressed and its per-CPU data chunks are compressed blocks, each stored with its
 * compressed and uncompressed sizes. zlib blocks are zlib streams ({@code compress2}); zstd blocks are
 * zstd frames, read through zstd-jni.
 */
enum DatCompression {
    NONE,
    ZLIB,
    ZSTD;

    static DatCompression named(String name, String version) throws DatException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none":
            case "":
                return NONE;
            case "zlib":
                return ZLIB;
            case "zstd":
                return ZSTD;
            default:
                throw new DatException("its data is compressed with '" + name + "' (version " + version
                        + "), which dioscope does not read (zlib and zstd only)");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Decompresses {@code b[off, off + len)} into exactly {@code size} bytes. {@code what} names the block
     * in the message of a failure ("CPU 1 chunk 3").
     */
    byte[] decompress(byte[] b, int off, int len, int size, String what) throws DatException {
        switch (this) {
            case NONE:
                throw new DatException(what + " is flagged compressed, but the file names no compression");
            case ZSTD: {
                byte[] out = new byte[size];
                long n;
                try {
                    n = Zstd.decompressByteArray(out, 0, size, b, off, len);
                } catch (ZstdException | IllegalArgumentException e) {
                    throw new DatException(what + ": its zstd data cannot be decompressed (" + e.getMessage() + ")");
                }
                if (n != size) {
                    throw new DatException(what + ": its zstd data gives " + n + " bytes, the file says " + size);
                }
                return out;
            }
            default: {
                Inflater inflater = new Inflater();
                try {
                    inflater.setInput(b, off, len);
                    byte[] out = new byte[size];
                    int n = 0;
                    while (n < size && !inflater.finished()) {
                        int r = inflater.inflate(out, n, size - n);
                        if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                        n += r;
                    }
                    if (n != size) {
                        throw new DatException(what + ": its zlib data gives " + n + " bytes, the file says " + size);
                    }
                    return out;
                } catch (DataFormatException e) {
                    throw new DatException(what + ": its zlib data cannot be decompressed (" + e.getMessage() + ")");
                } finally {
                    inflater.end();
                }
            }
        }
    }
}
