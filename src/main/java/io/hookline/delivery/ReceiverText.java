package io.hookline.delivery;

/**
 * Text a receiver controls (its answer, or an error message that quotes its bytes, such as a
 * malformed chunk header), made safe before it is stored or logged. PostgreSQL refuses NUL in
 * text, and a control character or line break in a log line lets a receiver forge lines.
 */
public final class ReceiverText {

    /** The most characters kept of one text: a response excerpt, an error. */
    public static final int MAX_CHARS = 2048;

    private ReceiverText() {
    }

    /**
     * For a text column: control characters other than tab and newline written as {@code \}{@code uXXXX},
     * a lone surrogate (half of a pair cut off, or invalid UTF-16) replaced by U+FFFD, at most
     * {@link #MAX_CHARS} characters, never ending inside a pair or an escape. Applying it twice
     * changes nothing more.
     */
    public static String forStorage(String text) {
        return clean(text, false);
    }

    /**
     * For a log line: as {@link #forStorage}, and tab, newline, the Unicode line separators and the
     * bidirectional overrides escaped too, so one receiver text stays on one line and reads as written.
     */
    public static String forLog(Object text) {
        return text == null ? null : clean(text.toString(), true);
    }

    private static String clean(String text, boolean forLog) {
        if (text == null) {
            return null;
        }
        if (isClean(text, forLog)) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String piece;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                piece = text.substring(i, i + 2);
                i++;
            } else if (Character.isSurrogate(c)) {
                piece = "\uFFFD";
            } else if (escapes(c, forLog)) {
                piece = String.format("\\u%04x", (int) c);
            } else {
                piece = String.valueOf(c);
            }
            if (out.length() + piece.length() > MAX_CHARS) {
                break;
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static boolean isClean(String text, boolean forLog) {
        if (text.length() > MAX_CHARS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escapes(c, forLog)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean escapes(char c, boolean forLog) {
        if (c == '\t' || c == '\n') {
            return forLog;
        }
        if (Character.getType(c) == Character.CONTROL) {
            return true; // C0, DEL, C1: NUL among them
        }
        return forLog && (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069'));
    }
}
