package dev.jobhub.support.http;

import java.nio.charset.StandardCharsets;

/**
 * Finds a NUL character in JSON text as it goes by, byte by byte: raw, or escaped in a string or a key (backslash,
 * u, four zeros). An escaped backslash followed by u0000 is text, not NUL: the scanner follows escapes to tell them
 * apart. PostgreSQL can store NUL neither in text nor in jsonb, and no field of the API has a use for it.
 */
public final class NulScanner {

    private static final byte[] ZEROS = {'0', '0', '0', '0'};

    private boolean escaped;
    /** How many zeros of a unicode escape have been seen; -1 outside one. */
    private int unicodeDigits = -1;

    /** True if {@code json} holds a NUL character. */
    public static boolean containsNul(String json) {
        NulScanner scanner = new NulScanner();
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            if (scanner.isNul(b)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the next byte; true if it completes a NUL character. */
    boolean isNul(byte b) {
        if (b == 0) {
            return true;
        }
        if (unicodeDigits >= 0) {
            unicodeDigits = b == ZEROS[unicodeDigits] ? unicodeDigits + 1 : -1;
            return unicodeDigits == ZEROS.length;
        }
        if (escaped) {
            escaped = false;
            unicodeDigits = b == 'u' ? 0 : -1;
        } else if (b == '\\') {
            escaped = true;
        }
        return false;
    }
}
