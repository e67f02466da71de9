package io.dioscope.ingest.dat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The C tokens of a print fmt line: identifiers, integer literals, string and character literals
 * (escapes resolved), and punctuators. A character the C lexer would not accept is a problem
 * ({@link PrintFormatException}).
 */
final class PrintTokens {
    enum Kind { IDENT, NUMBER, STRING, CHAR, PUNCT, END }

    /** One token; {@code text} is the source text (a string literal's content, escapes resolved, is {@code bytes}). */
    record Token(Kind kind, String text, byte[] bytes) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        @Override
        public String toString() {
            return kind == Kind.END ? "end of line" : kind == Kind.STRING ? "\"" + text + "\"" : "'" + text + "'";
        }
    }

    private static final String[] PUNCT3 = {"..."};
    private static final String[] PUNCT2 = {"->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--"};
    private static final String SINGLE = "()[]{},?:+-*/%&|^~!<>.;=";

    private PrintTokens() {}

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                out.add(new Token(Kind.IDENT, s.substring(i, j), null));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                out.add(new Token(Kind.NUMBER, s.substring(i, j), null));
                i = j;
            } else if (c == '"' || c == '\'') {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        j = escape(s, j + 1, bytes);
                    } else {
                        bytes.write(d <= 0xff ? d : '?');
                        j++;
                    }
                }
                if (j >= n) throw new PrintFormatException("unterminated " + (c == '"' ? "string" : "character") + " literal");
                byte[] b = bytes.toByteArray();
                out.add(new Token(c == '"' ? Kind.STRING : Kind.CHAR, new String(b, java.nio.charset.StandardCharsets.ISO_8859_1), b));
                i = j + 1;
            } else {
                String p = punct(s, i);
                if (p == null) throw new PrintFormatException("unexpected character '" + c + "'");
                out.add(new Token(Kind.PUNCT, p, null));
                i += p.length();
            }
        }
        out.add(new Token(Kind.END, "", null));
        return out;
    }

    private static String punct(String s, int i) {
        for (String p : PUNCT3) if (s.startsWith(p, i)) return p;
        for (String p : PUNCT2) if (s.startsWith(p, i)) return p;
        return SINGLE.indexOf(s.charAt(i)) >= 0 ? String.valueOf(s.charAt(i)) : null;
    }

    /** Resolves the escape whose letter is at {@code j}; returns the index after it. */
    private static int escape(String s, int j, ByteArrayOutputStream out) {
        char e = s.charAt(j);
        switch (e) {
            case 'n': out.write('\n'); return j + 1;
            case 't': out.write('\t'); return j + 1;
            case 'r': out.write('\r'); return j + 1;
            case 'a': out.write(7); return j + 1;
            case 'b': out.write('\b'); return j + 1;
            case 'f': out.write('\f'); return j + 1;
            case 'v': out.write(11); return j + 1;
            case 'e': out.write(27); return j + 1;
            case 'x': {
                int k = j + 1;
                int v = 0;
                while (k < s.length() && k < j + 3 && Character.digit(s.charAt(k), 16) >= 0) v = v * 16 + Character.digit(s.charAt(k++), 16);
                out.write(v);
                return k;
            }
            default:
                if (e >= '0' && e <= '7') {
                    int k = j;
                    int v = 0;
                    while (k < s.length() && k < j + 3 && s.charAt(k) >= '0' && s.charAt(k) <= '7') v = v * 8 + (s.charAt(k++) - '0');
                    out.write(v & 0xff);
                    return k;
                }
                out.write(e <= 0xff ? e : '?'); // \\ \" \' and anything else: the character itself
                return j + 1;
        }
    }
}
