package io.dioscope.ingest.decode;

/** Field names as the kernel prints them, with their separator. */
final class Keys {
    private Keys() {}

    static final byte[] DEV = Symbols.bytes("dev ");
    static final byte[] DEV_EQ = Symbols.bytes("dev=");
    static final byte[] INO = Symbols.bytes("ino ");
    static final byte[] INO_EQ = Symbols.bytes("ino=");
    static final byte[] SIZE = Symbols.bytes("size ");
    static final byte[] ISIZE = Symbols.bytes("isize ");
    static final byte[] DISIZE = Symbols.bytes("disize ");
    static final byte[] OFFSET = Symbols.bytes("offset ");
    static final byte[] LENGTH = Symbols.bytes("length ");
    static final byte[] POS = Symbols.bytes("pos ");
    static final byte[] LEN = Symbols.bytes("len ");
    static final byte[] COUNT = Symbols.bytes("count ");
    static final byte[] BYTECOUNT = Symbols.bytes("bytecount ");
    static final byte[] DONE_BEFORE = Symbols.bytes("done_before ");
    static final byte[] FLAGS = Symbols.bytes("flags ");
    static final byte[] DIO_FLAGS = Symbols.bytes("dio_flags ");
    static final byte[] AIO = Symbols.bytes("aio ");
    static final byte[] ERROR = Symbols.bytes("error ");
    static final byte[] RET = Symbols.bytes("ret ");
    static final byte[] STATUS = Symbols.bytes("status ");
    static final byte[] CALLER = Symbols.bytes("caller ");
    static final byte[] NR_PAGES = Symbols.bytes("nr_pages ");
    static final byte[] PFN_EQ = Symbols.bytes("pfn=");
    static final byte[] OFS_EQ = Symbols.bytes("ofs=");
    static final byte[] ORDER_EQ = Symbols.bytes("order=");
    static final byte[] BDI = Symbols.bytes("bdi ");
    static final byte[] INDEX_EQ = Symbols.bytes("index=");
    static final byte[] NEW_SIZE = Symbols.bytes("new_size ");
    static final byte[] MODE = Symbols.bytes("mode ");
    static final byte[] FOLIO_INDEX = Symbols.bytes("folio_index ");
    static final byte[] PAGE_INDEX = Symbols.bytes("page_index ");
    static final byte[] BLOCKS = Symbols.bytes("blocks ");

    /** Page size of the traced machine; the page-cache events report indexes and folio orders. */
    static final long PAGE_SIZE = 4096;
    static final long SECTOR_SIZE = 512;

    static long times(long value, long factor) {
        return value == io.dioscope.ingest.Ascii.NOT_A_NUMBER ? value : value * factor;
    }
}
