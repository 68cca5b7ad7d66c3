package io.hookline.event;

/** Small checks on untrusted text, and quoting it safely in error messages. */
final class Text {

    /** Longest piece of input echoed in an error message. */
    static final int MAX_ECHO = 64;

    private Text() {
    }

    /** C0 controls and DEL: they break logs and headers, so events may not carry them. */
    static boolean isControl(char c) {
        return c <= 0x1F || c == 0x7F;
    }

    static boolean containsControl(String s) {
        return s.chars().anyMatch(c -> isControl((char) c));
    }

    /** {@code 'value'}, cut to {@value #MAX_ECHO} characters, control characters escaped. */
    static String quote(String value) {
        boolean cut = value.length() > MAX_ECHO;
        // Don't split a surrogate pair at the cut.
        int end = cut && Character.isHighSurrogate(value.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
        String shown = cut ? value.substring(0, end) : value;
        StringBuilder out = new StringBuilder(shown.length() + 8).append('\'');
        for (char c : shown.toCharArray()) {
            if (isControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(cut ? "…'" : "'").toString();
    }
}
