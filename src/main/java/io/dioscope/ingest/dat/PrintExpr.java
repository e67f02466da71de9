package io.dioscope.ingest.dat;

/**
 * One argument expression of a print fmt, parsed ({@link PrintExprParser}): a field, a literal, an
 * operator, a cast, or one of the kernel's print helpers ({@code __print_flags}, {@code __get_str}, ...).
 *
 * <p>An expression is evaluated the way the C code it was printed from would compute it: fields are
 * read with their signedness, operators follow C's integer promotions and usual arithmetic conversions
 * ({@link CType}), casts truncate or extend. (libtraceevent reads every field unsigned and treats casts
 * to signed types as masks, so for a negative {@code int} printed with {@code %lld} it prints 4294967295
 * where the kernel printed -1; dioscope prints what the kernel did.)
 *
 * <p>Some expressions are numbers ({@link #eval}), some are text ({@link #text}) for {@code %s}, a few
 * are both (a literal, a pointer-sized field, a {@code ?:} of either).
 */
interface PrintExpr {

    /** The value as a 64-bit integer (extended from its C type). Never throws; problems are marked on {@code p}. */
    long eval(Payload p);

    /** Appends the expression as text, as {@code %s} prints it. */
    default void text(Payload p, TextOut out) {
        out.appendDecimal(eval(p));
    }

    /** Its C type; null for text, which has none. */
    CType type();

    default boolean canNumber() {
        return true;
    }

    default boolean canText() {
        return false;
    }

    /** The type of a number-valued expression as an operand (text counts as int, as libtraceevent makes it 0). */
    static CType typeOf(PrintExpr e) {
        CType t = e.type();
        return t == null ? CType.INT : t;
    }

    /** An integer literal; as text, the literal as written (what libtraceevent prints for {@code %s} of an atom). */
    record Num(long value, CType type, String source) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            return type.convert(value, p.layout.longBits());
        }

        @Override
        public void text(Payload p, TextOut out) {
            out.append(source);
        }

        @Override
        public boolean canText() {
            return true;
        }
    }

    /** A string literal. */
    record Str(byte[] bytes) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            return 0;
        }

        @Override
        public void text(Payload p, TextOut out) {
            out.append(bytes, 0, bytes.length);
        }

        @Override
        public CType type() {
            return null;
        }

        @Override
        public boolean canNumber() {
            return false;
        }

        @Override
        public boolean canText() {
            return true;
        }
    }

    /**
     * {@code REC->field}. A scalar is a number; an array is text (its bytes up to the first NUL); a
     * pointer-sized scalar printed with {@code %s} points to a kernel string, not in the record: the
     * string when the trace's printk formats list its address, else the address in hex (libtraceevent).
     */
    record FieldRef(FormatField field) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            if (field.isArray()) return 0;
            return p.read(field);
        }

        @Override
        public void text(Payload p, TextOut out) {
            if (field.isArray()) {
                p.appendCString(p.arrayBytes(field), out);
            } else {
                long v = p.read(field);
                if (p.layout.longSize() == 4) v &= 0xffffffffL;
                byte[] s = p.layout.printk().at(v);
                if (s != null) out.append(s, 0, s.length);
                else out.appendHex(v);
            }
        }

        @Override
        public CType type() {
            return field.isArray() ? null : field.ctype();
        }

        @Override
        public boolean canNumber() {
            return !field.isArray();
        }

        @Override
        public boolean canText() {
            return field.isArray() || field.size() == 8 || field.size() == 4; // a 4-byte one: a pointer of a 32-bit kernel
        }
    }

    /** {@code REC->array[i]} or {@code __get_dynamic_array(f)[i]}: one element, read with the array's signedness. */
    record Index(FormatField array, PrintExpr index) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            long i = index.eval(p);
            int es = array.elementSize() > 0 ? array.elementSize() : p.layout.longSize();
            long start;
            if (array.isDynamic()) {
                long packed = p.dynamic(array);
                if (packed < 0) return 0;
                start = packed >>> 32;
            } else {
                start = array.offset();
            }
            if (i < 0 || i > Integer.MAX_VALUE / Math.max(1, es)) {
                p.mark(Payload.TRUNCATED);
                return 0;
            }
            return p.read(start + i * es, Math.min(es, 8), array.signed());
        }

        @Override
        public CType type() {
            int es = array.elementSize();
            int bits = es == 1 || es == 2 || es == 4 ? es * 8 : es == 0 ? CType.LONG : 64;
            return new CType(bits, array.signed(), false);
        }
    }

    /** {@code (type) x}; a type dioscope does not know the width of ({@code to == null}) changes nothing. */
    record Cast(CType to, PrintExpr inner) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            long v = inner.eval(p);
            return to == null ? v : to.convert(v, p.layout.longBits());
        }

        @Override
        public void text(Payload p, TextOut out) {
            if (inner.canText()) inner.text(p, out);
            else out.appendDecimal(eval(p));
        }

        @Override
        public CType type() {
            return to != null ? to : inner.type();
        }

        @Override
        public boolean canNumber() {
            return inner.canNumber();
        }

        @Override
        public boolean canText() {
            return inner.canText();
        }
    }

    /** {@code -x}, {@code ~x}, {@code !x}, {@code +x}. */
    record Unary(char op, PrintExpr inner) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            int lb = p.layout.longBits();
            long v = inner.eval(p);
            if (op == '!') return v == 0 ? 1 : 0;
            CType t = typeOf(inner).promoted(lb);
            v = t.convert(v, lb);
            return t.convert(op == '-' ? -v : op == '~' ? ~v : v, lb);
        }

        @Override
        public CType type() {
            return op == '!' ? CType.INT : typeOf(inner).promoted(64);
        }
    }

    /** A binary operator, computed in the type C would compute it in. */
    record Binary(String op, PrintExpr left, PrintExpr right) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            switch (op) {
                case "&&": return left.eval(p) != 0 && right.eval(p) != 0 ? 1 : 0;
                case "||": return left.eval(p) != 0 || right.eval(p) != 0 ? 1 : 0;
                default: break;
            }
            int lb = p.layout.longBits();
            long a = left.eval(p);
            long b = right.eval(p);
            if (op.equals("<<") || op.equals(">>")) {
                CType t = typeOf(left).promoted(lb);
                a = t.convert(a, lb);
                int n = (int) (b & 63);
                return t.convert(op.equals("<<") ? a << n : t.signed() ? a >> n : a >>> n, lb);
            }
            CType t = CType.common(typeOf(left), typeOf(right), lb);
            a = t.convert(a, lb);
            b = t.convert(b, lb);
            boolean s = t.signed();
            switch (op) {
                case "+": return t.convert(a + b, lb);
                case "-": return t.convert(a - b, lb);
                case "*": return t.convert(a * b, lb);
                case "/":
                case "%":
                    if (b == 0) {
                        p.mark(Payload.DIVISION_BY_ZERO);
                        return 0;
                    }
                    if (op.equals("/")) return t.convert(s ? a / b : Long.divideUnsigned(a, b), lb);
                    return t.convert(s ? a % b : Long.remainderUnsigned(a, b), lb);
                case "&": return a & b;
                case "|": return a | b;
                case "^": return a ^ b;
                case "==": return a == b ? 1 : 0;
                case "!=": return a != b ? 1 : 0;
                default: break;
            }
            int c = s ? Long.compare(a, b) : Long.compareUnsigned(a, b);
            switch (op) {
                case "<": return c < 0 ? 1 : 0;
                case ">": return c > 0 ? 1 : 0;
                case "<=": return c <= 0 ? 1 : 0;
                case ">=": return c >= 0 ? 1 : 0;
                default: return 0; // the parser makes no other operator
            }
        }

        @Override
        public CType type() {
            switch (op) {
                case "&&": case "||": case "==": case "!=": case "<": case ">": case "<=": case ">=":
                    return CType.INT;
                case "<<": case ">>":
                    return typeOf(left).promoted(64);
                default:
                    return CType.common(typeOf(left), typeOf(right), 64);
            }
        }
    }

    /** {@code c ? a : b}, a number or text as its branches are. */
    record Cond(PrintExpr cond, PrintExpr a, PrintExpr b) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            return cond.eval(p) != 0 ? a.eval(p) : b.eval(p);
        }

        @Override
        public void text(Payload p, TextOut out) {
            (cond.eval(p) != 0 ? a : b).text(p, out);
        }

        @Override
        public CType type() {
            if (a.type() == null || b.type() == null) return a.type() == null ? b.type() : a.type();
            return CType.common(a.type(), b.type(), 64);
        }

        @Override
        public boolean canNumber() {
            return a.canNumber() && b.canNumber();
        }

        @Override
        public boolean canText() {
            return a.canText() && b.canText();
        }
    }

    /** Text-only expressions (the print helpers) share this: as a number they are 0, as libtraceevent has them. */
    interface TextOnly extends PrintExpr {
        @Override
        default long eval(Payload p) {
            return 0;
        }

        @Override
        default CType type() {
            return null;
        }

        @Override
        default boolean canNumber() {
            return false;
        }

        @Override
        default boolean canText() {
            return true;
        }
    }
}
