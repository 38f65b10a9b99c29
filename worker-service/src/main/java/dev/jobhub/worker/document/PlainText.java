package dev.jobhub.worker.document;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a text file. UTF-8 unless a byte order mark says UTF-16; a file that is not valid UTF-8 is read
 * as Windows-1252, the usual legacy encoding of Western text (so a Latin-1 file keeps its accents instead of
 * turning into replacement characters). Binary content decoded this way is full of control characters, which
 * {@link DocumentText} refuses.
 */
final class PlainText {

    private static final Charset LEGACY = Charset.forName("windows-1252");

    static String decode(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return decodeUtf8(bytes, 3);
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        return decodeUtf8(bytes, 0);
    }

    private static String decodeUtf8(byte[] bytes, int offset) {
        // new String(...) decodes straight into the string's compact form (half the memory of a CharsetDecoder's
        // char buffer for a 20 MB upload); malformed input shows as replacement characters that the bytes do not
        // encode themselves
        String text = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && count(text, '\uFFFD') != encodedReplacements(bytes, offset)) {
            return new String(bytes, offset, bytes.length - offset, LEGACY);
        }
        return text;
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }

    /** How many U+FFFD the bytes encode as such (EF BF BD). */
    private static long encodedReplacements(byte[] bytes, int offset) {
        long found = 0;
        for (int i = offset; i + 2 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBF && bytes[i + 2] == (byte) 0xBD) {
                found++;
                i += 2;
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private PlainText() {
    }
}
