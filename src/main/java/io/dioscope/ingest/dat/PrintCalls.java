package io.dioscope.ingest.dat;

import io.dioscope.ingest.dat.PrintHelpers.*;
import io.dioscope.ingest.dat.PrintTokens.Kind;
import io.dioscope.ingest.dat.PrintTokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls a print fmt may make, parsed: the kernel's print helpers ({@code __print_flags},
 * {@code __print_symbolic}, {@code __print_hex}, {@code __print_array}, {@code __get_str} and the other
 * {@code __get_*} accessors), {@code __builtin_expect} and {@code sizeof}. Any other function (one a
 * libtraceevent plugin would supply, or the kernel computes when it prints) is not understood.
 */
final class PrintCalls {
    private PrintCalls() {}

    /** {@code sizeof(type)}: its value depends on the traced kernel's long size for {@code long} and pointers. */
    record SizeOf(CType type) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            return type.width(p.layout.longBits()) / 8;
        }

        @Override
        public CType type() {
            return CType.ULONG;
        }
    }

    /** The call of {@code name}, whose {@code (} the parser has just read. */
    static PrintExpr call(PrintExprParser p, String name) {
        switch (name) {
            case "__print_flags":
            case "__print_flags_u64":
                return flags(p);
            case "__print_symbolic":
            case "__print_symbolic_u64":
                return symbolic(p);
            case "__print_hex":
            case "__print_hex_str": {
                PrintExpr array = p.expression();
                p.expect(",");
                PrintExpr len = p.expression();
                p.expect(")");
                if (!PrintHelpers.hasBytes(array)) throw new PrintFormatException(name + "() of something that is not an array");
                return new HexDump(array, len, name.equals("__print_hex"));
            }
            case "__print_array": {
                PrintExpr array = p.expression();
                p.expect(",");
                PrintExpr count = p.expression();
                p.expect(",");
                PrintExpr size = p.expression();
                p.expect(")");
                if (!PrintHelpers.hasBytes(array)) throw new PrintFormatException(name + "() of something that is not an array");
                return new IntArray(array, count, size);
            }
            case "__get_str":
            case "__get_rel_str":
                return new DynStr(dynamicField(p, name));
            case "__get_dynamic_array":
            case "__get_rel_dynamic_array":
            case "__get_sockaddr":
            case "__get_sockaddr_rel":
                return new DynArray(dynamicField(p, name));
            case "__get_dynamic_array_len":
            case "__get_rel_dynamic_array_len":
                return new DynArrayLen(dynamicField(p, name));
            case "__get_bitmask":
            case "__get_rel_bitmask":
                return new Bitmask(dynamicField(p, name), false);
            case "__get_cpumask":
            case "__get_rel_cpumask":
                return new Bitmask(dynamicField(p, name), true);
            case "__builtin_expect": {
                PrintExpr e = p.expression();
                p.expect(",");
                p.expression();
                p.expect(")");
                return e;
            }
            case "sizeof":
                return sizeOf(p);
            default:
                throw new PrintFormatException("function " + name + "() is not known");
        }
    }

    private static FormatField dynamicField(PrintExprParser p, String function) {
        Token t = p.next();
        FormatField f = t.kind() == Kind.IDENT ? p.field(t.text()) : null;
        if (f == null) throw new PrintFormatException(function + "(" + t.text() + "): no such field");
        if (!f.isDynamic()) throw new PrintFormatException(function + "(" + t.text() + "): not a __data_loc or __rel_loc field");
        p.expect(")");
        return f;
    }

    private static PrintExpr sizeOf(PrintExprParser p) {
        if (p.peek().kind() == Kind.IDENT && p.peek().text().equals("REC")) {
            PrintExpr e = p.expression();
            p.expect(")");
            if (e instanceof PrintExpr.FieldRef f) return new PrintExpr.Num(f.field().size(), CType.ULONG, Integer.toString(f.field().size()));
            throw new PrintFormatException("sizeof of an expression is not supported");
        }
        StringBuilder type = new StringBuilder();
        while (!p.peek().is(")") && p.peek().kind() != Kind.END) {
            if (type.length() > 0) type.append(' ');
            type.append(p.next().text());
        }
        p.expect(")");
        CType t = CType.named(type.toString().replace(" *", "*").replace("*", " *"));
        if (t == null) throw new PrintFormatException("sizeof(" + type + ") is not known");
        return new SizeOf(t);
    }

    private static Flags flags(PrintExprParser p) {
        PrintExpr value = p.expression();
        p.expect(",");
        byte[] delim = new byte[0];
        if (p.peek().kind() == Kind.STRING) {
            delim = ((PrintExpr.Str) p.primary()).bytes();
        }
        List<Entry> entries = entries(p);
        long[] masks = new long[entries.size()];
        boolean[] known = new boolean[entries.size()];
        byte[][] names = new byte[entries.size()][];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = entries.get(i).value;
            known[i] = entries.get(i).known;
            names[i] = entries.get(i).name;
        }
        return new Flags(value, delim, masks, known, names);
    }

    private static Symbolic symbolic(PrintExprParser p) {
        PrintExpr value = p.expression();
        List<Entry> entries = entries(p);
        long[] values = new long[entries.size()];
        boolean[] known = new boolean[entries.size()];
        byte[][] names = new byte[entries.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = entries.get(i).value;
            known[i] = entries.get(i).known;
            names[i] = entries.get(i).name;
        }
        return new Symbolic(value, values, known, names);
    }

    private record Entry(long value, boolean known, byte[] name) {}

    /**
     * {@code , { value, "NAME" } , ...)}: the values are constant expressions ({@link PrintExprParser#entryValue}).
     * A NULL name ({@code { -1, 0 }}, {@code { 0, ((void *)0) }}) ends the list for the kernel,
     * so here too; {@code { }} is an empty list.
     */
    private static List<Entry> entries(PrintExprParser p) {
        List<Entry> list = new ArrayList<>();
        boolean ended = false;
        while (p.accept(",")) {
            p.expect("{");
            if (p.accept("}")) continue;
            Long value = p.entryValue();
            p.expect(",");
            PrintExpr name = p.expression();
            p.expect("}");
            if (name instanceof PrintExpr.Str str) {
                if (!ended) list.add(new Entry(value == null ? 0 : value, value != null, str.bytes()));
            } else if (name.canNumber() && PrintExprParser.constant(name) == 0) {
                ended = true;
            } else {
                throw new PrintFormatException("a flag or symbol name that is not a string");
            }
        }
        p.expect(")");
        return list;
    }
}
