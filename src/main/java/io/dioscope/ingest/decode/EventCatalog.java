package io.dioscope.ingest.decode;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The events dioscope knows by name, each with the decoder that types its body and what it means
 * ({@link EventType}: its access kind and range semantics). This is the dispatch table: lookup is by
 * the name's bytes straight from the line, and every entry can be reached that way. An event that is
 * not here is still loaded, with its name and raw body (and typed as a kprobe when its body has a
 * kprobe's shape): nothing is dropped. The lines {@code LineParser} routes before looking a name up
 * (function-tracer entries, blk-tracer lines, kprobes) are not entries; {@link #listing()} adds them,
 * from {@link GenericEvents#ROUTED}, for {@code dioscope formats} and {@code event_types}.
 *
 * <p>Each decoder family ({@code DioEvents}, {@code PageCacheEvents}, ...) registers its entries, one
 * {@link Builder#add} call per event or group of events.
 */
public final class EventCatalog {
    /** One known event. */
    public static final class Entry {
        public final EventType type;
        /** {@code type.name()}. */
        public final String name;
        final byte[] nameBytes;
        final EventDecoder decoder;
        /**
         * The fields a line of this event must yield to become a row (bit {@code 1 << field.ordinal()}):
         * the file events (direct I/O, iomap, page cache, writeback, xfs, ext4) need their device, inode
         * and range, since a row without them silently drops out of every join that finds a race.
         */
        final long required;

        Entry(EventType type, EventDecoder decoder) {
            this.type = type;
            this.name = type.name();
            this.nameBytes = Symbols.bytes(name);
            this.decoder = decoder;
            this.required = requiredFields(name, type.family(), type.columns());
        }

        /** See {@link #required}; 0 for the other families. */
        public long required() {
            return required;
        }

        private static long requiredFields(String name, String family, String columns) {
            if (!FILE_FAMILIES.contains(family)) return 0;
            long mask = 0;
            for (String column : columns.split(" ")) {
                for (EventField f : RANGE_FIELDS) {
                    if (f.column.equals(column)) mask |= 1L << f.ordinal();
                }
            }
            // a completion's start is pos - ret: without ret it cannot be matched to its begin
            if (name.equals("iomap_dio_complete")) mask |= 1L << EventField.RET.ordinal();
            return mask;
        }

        public byte[] nameBytes() {
            return nameBytes;
        }

        public EventDecoder decoder() {
            return decoder;
        }
    }

    private static final List<String> FILE_FAMILIES = List.of("dio", "iomap", "pagecache", "writeback", "xfs", "ext4");
    private static final EventField[] RANGE_FIELDS = {EventField.DEV, EventField.INO, EventField.POS, EventField.LEN};

    /** Collects entries; each family registers its own. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        /**
         * One event: its tracefs system, name, family, typed columns, access kind (null: not classified),
         * range semantics, a line saying what it is, and its decoder.
         */
        void add(String system, String name, String family, String columns, EventAccess access, EventRange range,
                String description, EventDecoder decoder) {
            entries.add(new Entry(new EventType(name, system, family, columns, access, range, description), decoder));
        }
    }

    private static final EventCatalog STANDARD = build();

    private final List<Entry> entries;
    private final Entry[] table;

    private EventCatalog(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        int capacity = Integer.highestOneBit(entries.size() * 4);
        this.table = new Entry[capacity];
        for (Entry e : entries) {
            if (find(e.nameBytes, 0, e.nameBytes.length) != null) {
                throw new IllegalStateException("event " + e.name + " is in the catalog twice");
            }
            int slot = Ascii.hash(e.nameBytes, 0, e.nameBytes.length) & (capacity - 1);
            while (table[slot] != null) slot = (slot + 1) & (capacity - 1);
            table[slot] = e;
        }
    }

    public static EventCatalog standard() {
        return STANDARD;
    }

    private static EventCatalog build() {
        Builder b = new Builder();
        DioEvents.register(b);
        IomapEvents.register(b);
        PageCacheEvents.register(b);
        WritebackEvents.register(b);
        XfsEvents.register(b);
        Ext4Events.register(b);
        BlockEvents.register(b);
        MarkerEvents.register(b);
        return new EventCatalog(b.entries);
    }

    /** The dispatch table's entries, in registration order. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Every kind of event line dioscope types, as {@code dioscope formats} and {@code event_types} list
     * them: the entries, then the lines routed before the catalog ({@link GenericEvents#ROUTED}).
     */
    public List<EventType> listing() {
        List<EventType> all = new ArrayList<>();
        for (Entry e : entries) all.add(e.type);
        all.addAll(GenericEvents.ROUTED);
        return Collections.unmodifiableList(all);
    }

    /** The entry for the event named {@code b[start, end)}, or null. */
    public Entry find(byte[] b, int start, int end) {
        int mask = table.length - 1;
        for (int slot = Ascii.hash(b, start, end) & mask; ; slot = (slot + 1) & mask) {
            Entry e = table[slot];
            if (e == null) return null;
            if (e.nameBytes.length == end - start && Arrays.equals(e.nameBytes, 0, e.nameBytes.length, b, start, end)) {
                return e;
            }
        }
    }

    public Entry find(String name) {
        byte[] b = Symbols.bytes(name);
        return find(b, 0, b.length);
    }
}
