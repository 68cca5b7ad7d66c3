package io.hookline.webhook;

import java.util.Optional;

/**
 * Reads a host the lenient way browsers, curl and inet_aton do: one to four dot-separated numbers,
 * each decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes. Java reads some
 * of these spellings differently (0177.0.0.1 is 177.0.0.1 to Java, 127.0.0.1 to curl), so the
 * guard judges both readings.
 */
final class Ipv4Spelling {

    private Ipv4Spelling() {
    }

    /** The four address bytes, or empty when {@code host} is not a numeric IPv4 spelling. */
    static Optional<byte[]> parse(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> number = number(parts[i]);
            if (number.isEmpty()) {
                return Optional.empty();
            }
            numbers[i] = number.get();
        }
        long value = 0;
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
            value |= numbers[i] << (8 * (3 - i));
        }
        long last = numbers[numbers.length - 1];
        int lastBytes = 5 - numbers.length;
        if (last >= 1L << (8 * lastBytes)) {
            return Optional.empty();
        }
        value |= last;
        return Optional.of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static Optional<Long> number(String part) {
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return Optional.of(0L);
            }
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        // Longer digit strings cannot be a 32-bit value and would overflow parseLong.
        if (digits.isEmpty() || digits.length() > 16 || !isAsciiDigits(digits, radix)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits, radix));
    }

    private static boolean isAsciiDigits(String digits, int radix) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c > 0x7f || Character.digit(c, radix) < 0) {
                return false;
            }
        }
        return true;
    }
}
