package io.dioscope.ingest.dat;

/**
 * One {@code field:} line of a tracefs format file: the field's C type and name, and where its bytes are
 * in a record ({@code offset}/{@code size} from the start of the payload, which begins at
 * {@code common_type}).
 *
 * <p>{@code type()} is the declaration without the name, brackets kept: {@code unsigned long},
 * {@code char[16]}, {@code __data_loc char[]}. A {@code __data_loc} field holds a 32-bit word whose low
 * 16 bits are the offset of the data from the payload start and whose high 16 bits are its length; a
 * {@code __rel_loc} field the same, with the offset counted from the end of the field.
 */
public final class FormatField {
    private final String name;
    private final String type;
    private final int offset;
    private final int size;
    private final boolean signed;
    private final boolean dataLoc;
    private final boolean relLoc;
    private final int arrayLength;
    private final boolean array;
    private final boolean string;
    private final boolean pointer;
    private final boolean longType;
    private final boolean common;
    private final int elementSize;
    private final CType ctype;

    FormatField(String name, String type, int offset, int size, boolean signed, int arrayLength) {
        this.name = name;
        this.type = type;
        this.offset = offset;
        this.size = size;
        this.signed = signed;
        this.dataLoc = type.startsWith("__data_loc");
        this.relLoc = type.startsWith("__rel_loc");
        this.arrayLength = arrayLength;
        this.array = arrayLength >= 0 || dataLoc || relLoc;
        // what libtraceevent calls a string: an array of char, u8 or s8 (printed as text when printable)
        this.string = array && (type.contains("char") || type.contains("u8") || type.contains("s8"));
        this.pointer = type.endsWith("*");
        this.longType = type.contains("long");
        this.common = name.startsWith("common_");
        int element;
        if (!array) element = size;
        else if (arrayLength > 0) element = size / arrayLength;
        else element = elementSizeOf(type);
        this.elementSize = element;
        this.ctype = CType.ofField(this);
    }

    /** Size of one element of a {@code []} array of this type; 0 when the type does not say (or is a long, whose size the trace says). */
    private static int elementSizeOf(String type) {
        String base = type.replace("__data_loc", "").replace("__rel_loc", "").replace("[]", "").trim();
        switch (base) {
            case "char": case "unsigned char": case "signed char": case "u8": case "s8": case "__u8": case "__s8": return 1;
            case "short": case "unsigned short": case "u16": case "s16": case "__u16": case "__s16": return 2;
            case "int": case "unsigned int": case "u32": case "s32": case "__u32": case "__s32": return 4;
            case "long long": case "unsigned long long": case "u64": case "s64": case "__u64": case "__s64": return 8;
            default: return 0;
        }
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    public boolean signed() {
        return signed;
    }

    /** A {@code __data_loc} field: its value says where its data is (see the class comment). */
    public boolean dataLoc() {
        return dataLoc;
    }

    /** A {@code __rel_loc} field: like {@link #dataLoc()}, with the offset counted from the end of the field. */
    public boolean relLoc() {
        return relLoc;
    }

    /** Number in the brackets ({@code char comm[16]}: 16); 0 for {@code []} and dynamic arrays; -1 when not an array. */
    public int arrayLength() {
        return arrayLength;
    }

    /** Any kind of array: fixed, {@code []}, {@code __data_loc}, {@code __rel_loc}. */
    boolean isArray() {
        return array;
    }

    /** Where the data is not in the field itself but found through it. */
    boolean isDynamic() {
        return dataLoc || relLoc;
    }

    /** An array of char-sized elements (libtraceevent's "string" field). */
    boolean isString() {
        return string;
    }

    boolean isPointer() {
        return pointer;
    }

    /** Its type names a {@code long} (libtraceevent prints such unsigned fields in hex). */
    boolean isLong() {
        return longType;
    }

    /** One of the {@code common_*} fields every event starts with. */
    boolean isCommon() {
        return common;
    }

    /** Size of one element of an array (the field size for a scalar); 0 when the type does not say (a long: the trace's long size). */
    int elementSize() {
        return elementSize;
    }

    /** The C type of its value as a scalar (size and signedness). */
    CType ctype() {
        return ctype;
    }

    @Override
    public String toString() {
        return type + " " + name + " @" + offset + "+" + size + (signed ? " signed" : "");
    }
}
