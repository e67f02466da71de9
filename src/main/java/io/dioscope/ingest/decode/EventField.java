package io.dioscope.ingest.decode;

/**
 * The typed fields an event line can carry; each is one column of the {@code events} table
 * ({@code queries/schema.sql} documents what every column means for every event).
 */
public enum EventField {
    LINE("line", Kind.LONG),
    TS("ts", Kind.LONG),
    CPU("cpu", Kind.INT),
    PID("pid", Kind.INT),
    TGID("tgid", Kind.INT),
    COMM("comm", Kind.SYMBOL),
    IRQ_FLAGS("irq_flags", Kind.SYMBOL),
    EVENT("event", Kind.SYMBOL),
    DEV("dev", Kind.SYMBOL),
    INO("ino", Kind.LONG),
    POS("pos", Kind.LONG),
    LEN("len", Kind.LONG),
    ISIZE("isize", Kind.LONG),
    FLAGS("flags", Kind.SYMBOL),
    DIO_FLAGS("dio_flags", Kind.SYMBOL),
    AIO("aio", Kind.BOOL),
    RET("ret", Kind.LONG),
    ERROR("error", Kind.INT),
    DONE_BEFORE("done_before", Kind.LONG),
    PFN("pfn", Kind.LONG),
    SECTOR("sector", Kind.LONG),
    ACTION("action", Kind.SYMBOL),
    FROM_DEV("from_dev", Kind.SYMBOL),
    FROM_SECTOR("from_sector", Kind.LONG),
    FUNC("func", Kind.SYMBOL),
    CALLER("caller", Kind.SYMBOL),
    MESSAGE("message", Kind.TEXT),
    BODY("body", Kind.TEXT);

    /** How a field is stored: numbers, a low-cardinality string (interned), or free text (copied). */
    public enum Kind {
        LONG("BIGINT"),
        INT("INTEGER"),
        BOOL("BOOLEAN"),
        SYMBOL("VARCHAR"),
        TEXT("VARCHAR");

        public final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    public final String column;
    public final Kind kind;

    EventField(String column, Kind kind) {
        this.column = column;
        this.kind = kind;
    }
}
