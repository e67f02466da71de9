package io.dioscope.ingest.dat;

import io.dioscope.ingest.dat.PrintHelpers.DynArray;
import io.dioscope.ingest.dat.PrintTokens.Kind;
import io.dioscope.ingest.dat.PrintTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses the argument expressions of a print fmt into {@link PrintExpr} trees, with C's operator
 * precedence. What it cannot give a meaning to (a field the event does not have, an identifier the
 * kernel left unexpanded, a function only a libtraceevent plugin knows) is a {@link PrintFormatException}.
 */
final class PrintExprParser {
    /**
     * Names some formats leave unexpanded, whose values are fixed: the ones libtraceevent knows (softirq
     * vectors, hrtimer results) and the I/O priority classes of the user ABI (block_rq_issue's
     * {@code {IOPRIO_CLASS_BE, "be"}}), which the kernel prints by name.
     */
    private static final Map<String, Long> KNOWN_NAMES = Map.ofEntries(
            Map.entry("IOPRIO_CLASS_NONE", 0L), Map.entry("IOPRIO_CLASS_RT", 1L), Map.entry("IOPRIO_CLASS_BE", 2L),
            Map.entry("IOPRIO_CLASS_IDLE", 3L), Map.entry("IOPRIO_CLASS_INVALID", 7L),
            Map.entry("HI_SOFTIRQ", 0L), Map.entry("TIMER_SOFTIRQ", 1L), Map.entry("NET_TX_SOFTIRQ", 2L),
            Map.entry("NET_RX_SOFTIRQ", 3L), Map.entry("BLOCK_SOFTIRQ", 4L), Map.entry("IRQ_POLL_SOFTIRQ", 5L),
            Map.entry("TASKLET_SOFTIRQ", 6L), Map.entry("SCHED_SOFTIRQ", 7L), Map.entry("HRTIMER_SOFTIRQ", 8L),
            Map.entry("RCU_SOFTIRQ", 9L), Map.entry("HRTIMER_NORESTART", 0L), Map.entry("HRTIMER_RESTART", 1L));

    /** An identifier with no value, allowed only as a flag or symbol value (which then never matches). */
    record Unknown(String name) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            return 0;
        }

        @Override
        public CType type() {
            return CType.INT;
        }
    }

    private final List<Token> tokens;
    /** The variables of the statement expressions being parsed ({@code ({ int x = (a); ...; x; })}). */
    private final Map<String, PrintExpr> locals = new java.util.HashMap<>();
    private final Function<String, FormatField> fields;
    private int pos;
    /** Set while parsing a flag/symbol value: an unknown identifier is then tolerated, and noted here. */
    private boolean inEntryValue;
    private boolean sawUnknown;

    PrintExprParser(List<Token> tokens, int start, Function<String, FormatField> fields) {
        this.tokens = tokens;
        this.pos = start;
        this.fields = fields;
    }

    int position() {
        return pos;
    }

    Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) pos++;
        return t;
    }

    void expect(String punct) {
        Token t = next();
        if (!t.is(punct)) throw new PrintFormatException("expected '" + punct + "' but found " + t);
    }

    boolean accept(String punct) {
        if (peek().is(punct)) {
            pos++;
            return true;
        }
        return false;
    }

    /** The arguments after the format string: expressions separated by commas, to the end of the line. */
    List<PrintExpr> arguments() {
        List<PrintExpr> args = new ArrayList<>();
        while (peek().kind() != Kind.END) {
            expect(",");
            args.add(expression());
        }
        return args;
    }

    PrintExpr expression() {
        PrintExpr c = binary(0);
        if (accept("?")) {
            PrintExpr a = expression();
            expect(":");
            PrintExpr b = expression();
            return new PrintExpr.Cond(c, a, b);
        }
        return c;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
    };

    private PrintExpr binary(int level) {
        if (level == LEVELS.length) return unary();
        PrintExpr left = binary(level + 1);
        while (true) {
            String op = null;
            for (String o : LEVELS[level]) if (peek().is(o)) op = o;
            if (op == null) return left;
            pos++;
            PrintExpr right = binary(level + 1);
            left = new PrintExpr.Binary(op, left, right);
        }
    }

    private PrintExpr unary() {
        Token t = peek();
        if (t.is("-") || t.is("+") || t.is("~") || t.is("!")) {
            pos++;
            return new PrintExpr.Unary(t.text().charAt(0), unary());
        }
        if (t.is("*") || t.is("&") || t.is("++") || t.is("--")) throw new PrintFormatException("operator '" + t.text() + "' is not supported");
        if (t.is("(") && castAhead()) {
            pos++;
            StringBuilder type = new StringBuilder();
            while (!peek().is(")")) {
                Token w = next();
                if (type.length() > 0 && !w.is("*")) type.append(' ');
                type.append(w.text());
            }
            pos++;
            String name = type.toString().replace(" *", "*").replace("*", " *").trim();
            return new PrintExpr.Cast(CType.named(name), unary());
        }
        return postfix();
    }

    /** Whether the {@code (} at the cursor opens a cast: only type words inside, or an operand after it. */
    private boolean castAhead() {
        int i = 1;
        boolean typeWord = false;
        boolean star = false;
        while (true) {
            Token t = peek(i);
            if (t.is(")")) break;
            if (t.kind() == Kind.IDENT) {
                if (t.text().equals("REC") || t.text().equals("sizeof")) return false;
                typeWord |= CType.isTypeWord(t.text());
            } else if (t.is("*")) {
                star = true;
            } else {
                return false;
            }
            i++;
        }
        if (i == 1) return false;
        if (typeWord || star) return true;
        Token after = peek(i + 1);
        return after.kind() == Kind.IDENT || after.kind() == Kind.NUMBER || after.kind() == Kind.CHAR
                || after.is("(") || after.is("~") || after.is("!");
    }

    private PrintExpr postfix() {
        PrintExpr e = primary();
        while (peek().is("[")) {
            pos++;
            PrintExpr index = expression();
            expect("]");
            FormatField array = e instanceof PrintExpr.FieldRef f && f.field().isArray() ? f.field()
                    : e instanceof DynArray d ? d.field() : null;
            if (array == null) throw new PrintFormatException("[] applied to something that is not an array");
            e = new PrintExpr.Index(array, index);
        }
        if (peek().is(".") || peek().is("->")) throw new PrintFormatException("member access '" + peek().text() + "' is not supported");
        return e;
    }

    PrintExpr primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return number(t.text());
            case CHAR:
                return new PrintExpr.Num(t.bytes().length > 0 ? t.bytes()[0] : 0, CType.INT, Integer.toString(t.bytes().length > 0 ? t.bytes()[0] : 0));
            case STRING: {
                byte[] b = t.bytes();
                while (peek().kind() == Kind.STRING) {
                    byte[] more = next().bytes();
                    byte[] joined = java.util.Arrays.copyOf(b, b.length + more.length);
                    System.arraycopy(more, 0, joined, b.length, more.length);
                    b = joined;
                }
                return new PrintExpr.Str(b);
            }
            case IDENT:
                return identifier(t.text());
            case PUNCT:
                if (t.is("(") && peek().kind() == Kind.IDENT && peek().text().equals("REC") && peek(1).is(")")) {
                    pos += 2; // (REC)->field
                    return identifier("REC");
                }
                if (t.is("(") && peek().is("{")) {
                    pos++;
                    return statementExpression();
                }
                if (t.is("(")) {
                    PrintExpr e = expression();
                    expect(")");
                    return e;
                }
                throw new PrintFormatException("unexpected " + t);
            default:
                throw new PrintFormatException("unexpected end of the print fmt");
        }
    }

    private PrintExpr identifier(String name) {
        PrintExpr local = locals.get(name);
        if (local != null) return local;
        if (name.equals("REC")) {
            expect("->");
            Token f = next();
            if (f.kind() != Kind.IDENT) throw new PrintFormatException("expected a field name after REC-> but found " + f);
            FormatField field = fields.apply(f.text());
            if (field == null) throw new PrintFormatException("no field '" + f.text() + "'");
            return new PrintExpr.FieldRef(field);
        }
        if (peek().is("(")) {
            pos++;
            return PrintCalls.call(this, name);
        }
        Long known = KNOWN_NAMES.get(name);
        if (known != null) return new PrintExpr.Num(known, CType.INT, name);
        if (inEntryValue) {
            sawUnknown = true;
            return new Unknown(name);
        }
        throw new PrintFormatException("identifier '" + name + "' has no value");
    }

    /**
     * A GNU statement expression as the kernel's {@code min()}/{@code max()} expand to:
     * {@code ({ int x = (a); int y = (b); ((x) < (y) ? (x) : (y)); })}. Only declarations with an
     * initializer and a last expression are understood; a variable stands for its initializer cast to its type.
     */
    private PrintExpr statementExpression() {
        while (true) {
            int start = pos;
            List<String> words = new ArrayList<>();
            while (peek().kind() == Kind.IDENT || peek().is("*")) words.add(next().text());
            if (words.size() >= 2 && peek().is("=") && !words.get(words.size() - 1).equals("*")) {
                pos++;
                String var = words.remove(words.size() - 1);
                CType type = CType.named(String.join(" ", words).replace(" *", "*").replace("*", " *"));
                PrintExpr init = expression();
                expect(";");
                locals.put(var, new PrintExpr.Cast(type, init));
                continue;
            }
            pos = start;
            PrintExpr result = expression();
            expect(";");
            expect("}");
            expect(")");
            return result;
        }
    }

    /** An integer literal: decimal, hex or octal, with C's u/l suffixes deciding its type. */
    static PrintExpr.Num number(String text) {
        String digits = text;
        int longs = 0;
        boolean unsigned = false;
        while (!digits.isEmpty()) {
            char c = Character.toLowerCase(digits.charAt(digits.length() - 1));
            if (c == 'u') unsigned = true;
            else if (c == 'l') longs++;
            else break;
            digits = digits.substring(0, digits.length() - 1);
        }
        int radix = 10;
        String body = digits;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            body = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            body = digits.substring(1);
        }
        long v;
        try {
            v = Long.parseUnsignedLong(body, radix);
        } catch (NumberFormatException e) {
            throw new PrintFormatException("bad number '" + text + "'");
        }
        CType type;
        boolean fitsInt = Long.compareUnsigned(v, Integer.MAX_VALUE) <= 0;
        boolean fitsUint = Long.compareUnsigned(v, 0xffffffffL) <= 0;
        if (longs >= 2) type = unsigned || v < 0 ? CType.U64 : CType.S64;
        else if (longs == 1) type = unsigned || v < 0 ? CType.ULONG : CType.SLONG;
        else if (unsigned) type = fitsUint ? CType.UINT : CType.U64;
        else if (fitsInt) type = CType.INT;
        else if (fitsUint && radix != 10) type = CType.UINT;
        else type = v < 0 ? CType.U64 : CType.S64;
        return new PrintExpr.Num(v, type, text);
    }

    /**
     * A flag or symbol value ({@code {value, "NAME"}}): a constant expression, evaluated now, for a 64-bit
     * kernel; null when it names something the format left unexpanded (that entry then never matches).
     */
    Long entryValue() {
        inEntryValue = true;
        sawUnknown = false;
        PrintExpr v;
        try {
            v = expression();
        } finally {
            inEntryValue = false;
        }
        return sawUnknown ? null : constant(v);
    }

    /** The value of an expression made of literals only (a field in it reads an empty record: 0). */
    static long constant(PrintExpr e) {
        return e.eval(new Payload(new byte[0], 0, 0, NO_RECORD));
    }

    private static final RecordLayout NO_RECORD = new RecordLayout(false, 8, Kallsyms.none());

    FormatField field(String name) {
        return fields.apply(name);
    }
}
