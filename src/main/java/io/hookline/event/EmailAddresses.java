package io.hookline.event;

/**
 * A plausibility check for e-mail addresses: catches typos and garbage, not a full RFC 5321 parser
 * (only a delivered mail proves an address).
 */
final class EmailAddresses {

    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_LABEL = 63;

    private EmailAddresses() {
    }

    static boolean isPlausible(String address) {
        if (address.length() > MAX_LENGTH || address.chars().anyMatch(EmailAddresses::isSpaceOrControl)) {
            return false;
        }
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || at > MAX_LOCAL_PART) {
            return false;
        }
        return isPlausibleDomain(address.substring(at + 1));
    }

    // isSpaceChar also catches no-break spaces, which isWhitespace lets through.
    private static boolean isSpaceOrControl(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Text.isControl((char) c);
    }

    private static boolean isPlausibleDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!isPlausibleLabel(label)) {
                return false;
            }
        }
        return true;
    }

    // Letters may be non-ASCII so internationalised domains pass.
    private static boolean isPlausibleLabel(String label) {
        return !label.isEmpty()
                && label.length() <= MAX_LABEL
                && label.charAt(0) != '-'
                && label.charAt(label.length() - 1) != '-'
                && label.codePoints().allMatch(c -> c == '-' || Character.isLetterOrDigit(c));
    }
}
