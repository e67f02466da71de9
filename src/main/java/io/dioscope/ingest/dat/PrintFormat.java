package io.dioscope.ingest.dat;

import io.dioscope.ingest.dat.PrintTokens.Kind;
import io.dioscope.ingest.dat.PrintTokens.Token;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed {@code print fmt:} line: the format string cut into literal text and conversions, each
 * conversion with the argument expression(s) it prints. Rendering a record walks the pieces in order.
 *
 * <p>A conversion whose value cannot be read from the record (a field past its end, a {@code __data_loc}
 * pointing outside it) writes {@code [truncated]} or {@code [bad data_loc]} instead of a number, or after
 * the part of a string it could read.
 */
final class PrintFormat {
    /** One piece of the format: literal text ({@code spec == null}) or a conversion and its arguments. */
    private record Piece(byte[] text, PrintSpec spec, PrintExpr arg, PrintExpr widthArg, PrintExpr precisionArg) {}

    private final Piece[] pieces;

    /** The largest {@code *} width or precision taken from a record (printf has no limit; a corrupt record needs one). */
    static final int MAX_FROM_RECORD = 4096;

    private PrintFormat(Piece[] pieces) {
        this.pieces = pieces;
    }

    /**
     * Parses what follows {@code print fmt: } in a format file. Throws {@link PrintFormatException} with a
     * one-line reason when something in it is not understood.
     */
    static PrintFormat parse(String line, Function<String, FormatField> fields) {
        List<Token> tokens = PrintTokens.tokenize(line);
        if (tokens.get(0).kind() != Kind.STRING) throw new PrintFormatException("the print fmt does not start with a string");
        ByteArrayOutputStream fmt = new ByteArrayOutputStream();
        int i = 0;
        while (tokens.get(i).kind() == Kind.STRING) {
            byte[] b = tokens.get(i++).bytes();
            fmt.write(b, 0, b.length);
        }
        PrintExprParser parser = new PrintExprParser(tokens, i, fields);
        List<PrintExpr> args = parser.arguments();
        return new PrintFormat(pieces(fmt.toByteArray(), args));
    }

    private static Piece[] pieces(byte[] f, List<PrintExpr> args) {
        List<Piece> out = new ArrayList<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int next = 0;
        int i = 0;
        while (i < f.length) {
            if (f[i] != '%') {
                text.write(f[i++]);
                continue;
            }
            if (i + 1 < f.length && f[i + 1] == '%') {
                text.write('%');
                i += 2;
                continue;
            }
            PrintSpec spec = PrintSpec.parse(f, i);
            if (text.size() > 0) {
                out.add(new Piece(text.toByteArray(), null, null, null, null));
                text.reset();
            }
            PrintExpr width = null;
            PrintExpr precision = null;
            if (spec.width == PrintSpec.FROM_ARG) width = numberArg(args, next++, "*");
            if (spec.precision == PrintSpec.FROM_ARG) precision = numberArg(args, next++, ".*");
            String conv = new String(f, i, spec.end - i, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (next >= args.size()) throw new PrintFormatException("no argument for '" + conv + "'");
            PrintExpr arg = args.get(next++);
            check(spec, conv, arg);
            out.add(new Piece(null, spec, arg, width, precision));
            i = spec.end;
        }
        if (text.size() > 0) out.add(new Piece(text.toByteArray(), null, null, null, null));
        return out.toArray(new Piece[0]);
    }

    private static PrintExpr numberArg(List<PrintExpr> args, int index, String what) {
        if (index >= args.size()) throw new PrintFormatException("no argument for a '" + what + "' width");
        PrintExpr e = args.get(index);
        if (!e.canNumber()) throw new PrintFormatException("a '" + what + "' width that is not a number");
        return e;
    }

    /** Refuses an argument the conversion cannot print the way the kernel meant. */
    private static void check(PrintSpec spec, String conv, PrintExpr arg) {
        if (spec.conversion == 's') {
            if (!arg.canText()) throw new PrintFormatException("'" + conv + "' of an argument that is not text");
            return;
        }
        if (spec.conversion != 'p') {
            if (!arg.canNumber()) throw new PrintFormatException("'" + conv + "' of an argument that is not a number");
            return;
        }
        String kind = spec.pointerKind;
        char k = kind.isEmpty() ? 0 : kind.charAt(0);
        PrintExpr bare = PointerText.unwrap(arg);
        switch (k) {
            case 'M': case 'm': case 'U':
                if (!(bare instanceof PrintExpr.FieldRef)) throw new PrintFormatException("'" + conv + "' of an argument that is not a field");
                return;
            case 'I': case 'i':
                if (kind.length() > 1 && kind.charAt(1) == 'S' ? !PrintHelpers.hasBytes(bare) : !(bare instanceof PrintExpr.FieldRef)) {
                    throw new PrintFormatException("'" + conv + "' of an argument that is not a field");
                }
                return;
            case 'h':
                if (!(bare instanceof PrintHelpers.DynArray)) throw new PrintFormatException("'" + conv + "' of an argument that is not a dynamic array");
                return;
            default:
                if (!arg.canNumber()) throw new PrintFormatException("'" + conv + "' of an argument that is not a number");
        }
    }

    /**
     * A conversion as {@code trace-cmd report -R} uses it to print a field: its argument, and whether the
     * literal text just before it ends in {@code 0x}.
     */
    record Conversion(PrintSpec spec, PrintExpr arg, boolean after0x) {}

    /** The conversions in format order. */
    List<Conversion> conversions() {
        List<Conversion> list = new ArrayList<>();
        boolean after0x = false;
        for (Piece piece : pieces) {
            if (piece.spec == null) {
                int n = piece.text.length;
                after0x = n >= 2 && piece.text[n - 2] == '0' && piece.text[n - 1] == 'x';
            } else {
                list.add(new Conversion(piece.spec, piece.arg, after0x));
                after0x = false;
            }
        }
        return list;
    }

    /** Appends the rendered line body for the record in {@code p}. */
    void render(Payload p, TextOut out) {
        int longBits = p.layout.longBits();
        for (Piece piece : pieces) {
            if (piece.spec == null) {
                out.append(piece.text, 0, piece.text.length);
                continue;
            }
            PrintSpec spec = piece.spec;
            p.takeProblem();
            int width = spec.width;
            int precision = spec.precision;
            // a * width or precision comes from the record: a corrupt one must not make a gigabyte of spaces
            if (piece.widthArg != null) width = (int) Math.max(-1, Math.min(piece.widthArg.eval(p), MAX_FROM_RECORD)); // negative: no padding
            if (piece.precisionArg != null) precision = (int) Math.max(-1, Math.min(piece.precisionArg.eval(p), MAX_FROM_RECORD));
            int from = out.length();
            if (spec.conversion == 's') {
                piece.arg.text(p, out);
                spec.finishText(from, width, precision, out);
                String problem = p.takeProblem();
                if (problem != null) out.append(problem);
            } else if (spec.conversion == 'p') {
                pointer(piece, width, p, out);
                String problem = p.takeProblem();
                if (problem != null) {
                    out.truncate(from);
                    out.append(problem);
                }
            } else {
                long v = piece.arg.eval(p);
                String problem = p.takeProblem();
                if (problem != null) out.append(problem);
                else spec.appendNumber(v, width, precision, longBits, out);
            }
        }
    }

    private static void pointer(Piece piece, int width, Payload p, TextOut out) {
        PrintSpec spec = piece.spec;
        String kind = spec.pointerKind;
        char k = kind.isEmpty() ? 0 : kind.charAt(0);
        int from = out.length();
        switch (k) {
            case 'S': case 'F':
                PointerText.symbol(piece.arg.eval(p), true, p.layout, out);
                return;
            case 's': case 'f':
                PointerText.symbol(piece.arg.eval(p), false, p.layout, out);
                return;
            case 'M': case 'm':
                PointerText.mac(kind, piece.arg, p, out);
                return;
            case 'I': case 'i':
                PointerText.ip(kind, piece.arg, p, out);
                return;
            case 'U':
                PointerText.uuid(kind, piece.arg, p, out);
                return;
            case 'h':
                PointerText.hexBytes(kind, piece.arg, piece.widthArg != null ? width : 1, p, out);
                return;
            default:
                PointerText.pointer(piece.arg.eval(p), p.layout.longSize(), out);
                out.pad(from, width, spec.left);
        }
    }
}
