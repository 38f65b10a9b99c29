package dev.jobhub.api.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Groups failures that are "the same error": a hash of the normalised message, the error code and the job type.
 * Normalising replaces what differs between occurrences of one error (UUIDs, hex ids, numbers) with '#', so
 * "row 17 of 2f9c…" and "row 912 of 0a11…" fall into one group.
 */
public final class ErrorFingerprint {

    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** 0x-prefixed hex, or a run of 8+ hex digits with at least one digit (so plain words stay) */
    private static final Pattern HEX_ID = Pattern.compile("\\b(?:0[xX][0-9a-fA-F]+|(?=[a-fA-F]*[0-9])[0-9a-fA-F]{8,})\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ErrorFingerprint() {
    }

    public static String normalise(String message) {
        if (message == null) {
            return "";
        }
        String normalised = UUID.matcher(message).replaceAll("#");
        normalised = HEX_ID.matcher(normalised).replaceAll("#");
        normalised = DIGITS.matcher(normalised).replaceAll("#");
        return SPACES.matcher(normalised.trim()).replaceAll(" ");
    }

    /** 32 hex characters (the first 128 bits of a SHA-256). */
    public static String of(String message, String code, String jobType) {
        String key = normalise(message) + '\n' + code + '\n' + jobType;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
