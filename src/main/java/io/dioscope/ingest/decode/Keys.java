package io.dioscope.ingest.decode;

/** Field names as the kernel prints them, with their separator. */
final class Keys {
    private Keys() {}

    static final Key DEV = new Key("dev ");
    static final Key DEV_EQ = new Key("dev=");
    static final Key INO = new Key("ino ");
    static final Key INO_EQ = new Key("ino=");
    static final Key SIZE = new Key("size ");
    static final Key ISIZE = new Key("isize ");
    static final Key DISIZE = new Key("disize ");
    static final Key OFFSET = new Key("offset ");
    static final Key LENGTH = new Key("length ");
    static final Key POS = new Key("pos ");
    static final Key LEN = new Key("len ");
    static final Key COUNT = new Key("count ");
    static final Key BYTECOUNT = new Key("bytecount ");
    static final Key DONE_BEFORE = new Key("done_before ");
    static final Key FLAGS = new Key("flags ");
    static final Key DIO_FLAGS = new Key("dio_flags ");
    static final Key AIO = new Key("aio ");
    static final Key ERROR = new Key("error ");
    static final Key RET = new Key("ret ");
    static final Key STATUS = new Key("status ");
    static final Key CALLER = new Key("caller ");
    static final Key NR_PAGES = new Key("nr_pages ");
    static final Key PFN_EQ = new Key("pfn=");
    static final Key OFS_EQ = new Key("ofs=");
    static final Key ORDER_EQ = new Key("order=");
    static final Key BDI = new Key("bdi ");
    static final Key INDEX_EQ = new Key("index=");
    static final Key NEW_SIZE = new Key("new_size ");
    static final Key MODE = new Key("mode ");
    static final Key FOLIO_INDEX = new Key("folio_index ");
    static final Key PAGE_INDEX = new Key("page_index ");
    static final Key BLOCKS = new Key("blocks ");

    static final long SECTOR_SIZE = 512;

    static long times(long value, long factor) {
        if (value == io.dioscope.bytes.Ascii.NOT_A_NUMBER) return value;
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            return io.dioscope.bytes.Ascii.NOT_A_NUMBER; // the block lines' sector counts: no length rather than a wrapped one
        }
    }
}
