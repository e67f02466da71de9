package io.dioscope.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns the short, repetitive strings of a trace (task names, device numbers, flag sets, function
 * names) so that a row refers to a shared byte array instead of copying it. One per parser thread;
 * unsynchronised. Devices are normalised on the way in: {@code 7,0} and {@code 7:0} are one symbol,
 * {@code 7:0}.
 */
public final class Symbols {
    private static final int MAX_ENTRIES = 1 << 16;
    private static final int MAX_LENGTH = 256;

    private byte[][] keys = new byte[1024][];
    private byte[][] values = new byte[1024][];
    /** Per slot: the key's hash, and for keys shorter than eight bytes the key itself as a word. */
    private int[] hashes = new int[1024];
    private long[] words = new long[1024];
    private int size;

    /** The canonical bytes of {@code b[start, end)}, made valid UTF-8. */
    public byte[] intern(byte[] b, int start, int end) {
        int len = end - start;
        if (len > MAX_LENGTH || size >= MAX_ENTRIES) return Utf8.sanitize(b, start, end);
        int h = Ascii.hash(b, start, end);
        long word = len < 8 ? Ascii.shortWord(b, start, end) : 0;
        int mask = keys.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            byte[] k = keys[slot];
            if (k == null) {
                byte[] value = Utf8.sanitize(b, start, end);
                put(slot, Arrays.copyOfRange(b, start, end), value, h, word);
                if (++size * 2 > keys.length) grow();
                return value;
            }
            if (hashes[slot] == h && k.length == len
                    && (len < 8 ? words[slot] == word : Arrays.equals(k, 0, len, b, start, end))) {
                return values[slot];
            }
        }
    }

    private void put(int slot, byte[] key, byte[] value, int hash, long word) {
        keys[slot] = key;
        values[slot] = value;
        hashes[slot] = hash;
        words[slot] = word;
    }

    /**
     * A device printed as {@code M:m} or {@code M,m} becomes {@code M:m}; anything else (a bdi name
     * such as {@code btrfs-1}) is kept as printed.
     */
    public byte[] device(byte[] b, int start, int end) {
        int comma = -1;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == ',') {
                if (comma >= 0) return intern(b, start, end);
                comma = i;
            } else if (c < '0' || c > '9') {
                if (c != ':' || comma >= 0) return intern(b, start, end);
            }
        }
        if (comma < 0) return intern(b, start, end);
        byte[] tmp = Arrays.copyOfRange(b, start, end);
        tmp[comma - start] = ':';
        return intern(tmp, 0, tmp.length);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void grow() {
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        int[] oldHashes = hashes;
        long[] oldWords = words;
        int capacity = oldKeys.length * 2;
        keys = new byte[capacity][];
        values = new byte[capacity][];
        hashes = new int[capacity];
        words = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == null) continue;
            int slot = oldHashes[i] & mask;
            while (keys[slot] != null) slot = (slot + 1) & mask;
            put(slot, oldKeys[i], oldValues[i], oldHashes[i], oldWords[i]);
        }
    }
}
