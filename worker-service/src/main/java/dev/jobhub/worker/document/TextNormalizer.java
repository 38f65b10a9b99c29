package dev.jobhub.worker.document;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Cleans extracted text before it is chunked: NFKC (ligatures and full-width forms from PDFs become plain
 * letters), no control characters but line breaks, runs of spaces and tabs collapsed, words hyphenated across a line
 * break joined, at most one empty line between paragraphs.
 */
final class TextNormalizer {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\n\\t]]");
    private static final Pattern HYPHENATED_BREAK = Pattern.compile("(\\p{L})-\\n(\\p{Ll})");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    private static final Pattern SPACE_AROUND_BREAK = Pattern.compile(" ?\\n ?");
    private static final Pattern EMPTY_LINES = Pattern.compile("\\n{3,}");

    static String normalize(String text) {
        String cleaned = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        cleaned = CONTROL.matcher(cleaned).replaceAll("");
        cleaned = HYPHENATED_BREAK.matcher(cleaned).replaceAll("$1$2");
        cleaned = SPACES.matcher(cleaned).replaceAll(" ");
        cleaned = SPACE_AROUND_BREAK.matcher(cleaned).replaceAll("\n");
        cleaned = EMPTY_LINES.matcher(cleaned).replaceAll("\n\n");
        return cleaned.strip();
    }

    private TextNormalizer() {
    }
}
