package dev.edgeweave.cache.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Structured Fields (RFC 8941) the policy needs: parsing a Dictionary (targeted cache-control,
 * Repr-Digest) and serializing sf-strings and sf-tokens (Cache-Status). Item values are {@link Long}
 * (Integer), {@link BigDecimal} (Decimal), {@link String} (String), {@link Token}, {@code byte[]} (Byte
 * Sequence), {@link Boolean}, or {@link InnerList}.
 */
final class StructuredFields {

    /** An sf-token, kept apart from sf-strings. */
    record Token(String value) {
    }

    /** An inner list of items. */
    record InnerList(List<Member> items) {
    }

    /** A dictionary member or inner-list item: its value and its parameters. */
    record Member(Object value, Map<String, Object> params) {
    }

    /** Thrown on any parse error; the message says what and where. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private final String in;
    private int pos;

    private StructuredFields(String in) {
        this.in = in;
    }

    /**
     * Parses the lines of a field as one Dictionary (lines joined with ", ", RFC 8941 §4.2). Duplicate keys:
     * the last wins. An absent or empty field gives an empty map.
     */
    static Map<String, Member> parseDictionary(List<String> lines) throws ParseException {
        StructuredFields p = new StructuredFields(String.join(", ", lines));
        p.skipSp();
        Map<String, Member> out = new LinkedHashMap<>();
        if (p.atEnd()) {
            return out;
        }
        while (true) {
            String key = p.key();
            Member m;
            if (p.peek() == '=') {
                p.pos++;
                m = p.itemOrInnerList();
            } else {
                m = new Member(Boolean.TRUE, p.params());
            }
            out.remove(key);
            out.put(key, m);
            p.skipOws();
            if (p.atEnd()) {
                return out;
            }
            if (p.peek() != ',') {
                throw p.error("expected ',' after member \"" + key + "\"");
            }
            p.pos++;
            p.skipOws();
            if (p.atEnd()) {
                throw p.error("trailing comma");
            }
        }
    }

    /** Whether s matches sf-token: (ALPHA / "*") *(tchar / ":" / "/"). */
    static boolean isSfToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        char c0 = s.charAt(0);
        if (!isAlpha(c0) && c0 != '*') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Tokens.isTchar(c) && c != ':' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /** sf-string serialization; characters outside %x20-7E become '?'. */
    static String sfString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                sb.append('?');
                continue;
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private boolean atEnd() {
        return pos >= in.length();
    }

    private char peek() {
        return atEnd() ? '\0' : in.charAt(pos);
    }

    private void skipSp() {
        while (!atEnd() && in.charAt(pos) == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (!atEnd() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private ParseException error(String what) {
        return new ParseException(what + " at offset " + pos);
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String key() throws ParseException {
        char c = peek();
        if (!(c >= 'a' && c <= 'z') && c != '*') {
            throw error("expected a key (lower case letter or '*')");
        }
        int start = pos++;
        while (!atEnd()) {
            c = in.charAt(pos);
            if ((c >= 'a' && c <= 'z') || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*') {
                pos++;
            } else {
                break;
            }
        }
        return in.substring(start, pos);
    }

    private Member itemOrInnerList() throws ParseException {
        if (peek() == '(') {
            pos++;
            List<Member> items = new ArrayList<>();
            while (true) {
                skipSp();
                if (atEnd()) {
                    throw error("unterminated inner list");
                }
                if (peek() == ')') {
                    pos++;
                    return new Member(new InnerList(List.copyOf(items)), params());
                }
                items.add(new Member(bareItem(), params()));
                if (atEnd()) {
                    throw error("unterminated inner list");
                }
                if (peek() != ' ' && peek() != ')') {
                    throw error("expected ' ' or ')' in inner list");
                }
            }
        }
        Object v = bareItem();
        return new Member(v, params());
    }

    private Map<String, Object> params() throws ParseException {
        Map<String, Object> out = Map.of();
        while (peek() == ';') {
            pos++;
            skipSp();
            String k = key();
            Object v = Boolean.TRUE;
            if (peek() == '=') {
                pos++;
                v = bareItem();
            }
            if (out.isEmpty()) {
                out = new LinkedHashMap<>();
            }
            out.remove(k);
            out.put(k, v);
        }
        return out;
    }

    private Object bareItem() throws ParseException {
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return bytes();
        }
        if (c == '?') {
            pos++;
            char b = peek();
            if (b != '0' && b != '1') {
                throw error("expected ?0 or ?1");
            }
            pos++;
            return b == '1';
        }
        if (isAlpha(c) || c == '*') {
            int start = pos++;
            while (!atEnd() && (Tokens.isTchar(in.charAt(pos)) || in.charAt(pos) == ':' || in.charAt(pos) == '/')) {
                pos++;
            }
            return new Token(in.substring(start, pos));
        }
        throw error(atEnd() ? "missing value" : "unexpected '" + c + "'");
    }

    private Object number() throws ParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!isDigit(peek())) {
            throw error("expected a digit");
        }
        int dot = -1;
        while (!atEnd()) {
            char c = in.charAt(pos);
            if (isDigit(c)) {
                pos++;
            } else if (c == '.' && dot < 0) {
                dot = pos++;
            } else {
                break;
            }
        }
        String s = in.substring(start, pos);
        int digits = s.length() - (s.startsWith("-") ? 1 : 0);
        if (dot < 0) {
            if (digits > 15) {
                throw error("integer longer than 15 digits");
            }
            return Long.parseLong(s);
        }
        int intDigits = dot - start - (s.startsWith("-") ? 1 : 0);
        int fracDigits = pos - dot - 1;
        if (intDigits > 12 || fracDigits < 1 || fracDigits > 3) {
            throw error("bad decimal \"" + s + "\"");
        }
        return new BigDecimal(s);
    }

    private String string() throws ParseException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (!atEnd()) {
            char c = in.charAt(pos++);
            if (c == '\\') {
                char n = peek();
                if (n != '"' && n != '\\') {
                    throw error("bad escape in string");
                }
                sb.append(n);
                pos++;
            } else if (c == '"') {
                return sb.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw error("character outside printable ASCII in string");
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private byte[] bytes() throws ParseException {
        int start = ++pos;
        int end = in.indexOf(':', start);
        if (end < 0) {
            throw error("unterminated byte sequence");
        }
        String b64 = in.substring(start, end);
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                throw error("bad base64 character '" + c + "' in byte sequence");
            }
        }
        pos = end + 1;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw error("bad base64 in byte sequence (" + e.getMessage() + ")");
        }
    }
}
