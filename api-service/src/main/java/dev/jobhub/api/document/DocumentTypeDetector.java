package dev.jobhub.api.document;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an uploaded file is, judged by its bytes: the name and the declared Content-Type are hints that only choose
 * between text flavours, never make binary bytes acceptable. PDF by its magic number; otherwise the bytes must be
 * UTF-8 text (HTML, Markdown or plain).
 */
public final class DocumentTypeDetector {

    public static final String PDF = "application/pdf";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String PLAIN = "text/plain";

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** Control characters other than tab, LF, FF and CR tolerated per character of text: a stray one, not binary. */
    private static final double CONTROL_RATIO = 0.001;
    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(?:\\s|<!--.*?-->|<\\?xml[^>]*\\?>)*",
            Pattern.DOTALL);
    private static final Pattern HTML_TAG = Pattern.compile(
            "</?(?:html|head|body|title|meta|div|span|p|a|h[1-6]|ul|ol|li|table|tr|td|th|br|img|section|article"
                    + "|header|footer|nav|main|pre|code|strong|em|b|i|script|style)(?:\\s[^>]*)?/?>",
            Pattern.CASE_INSENSITIVE);
    /** Searched (find) in each line; none backtracks over a long line. */
    private static final List<Pattern> MARKDOWN_LINES = List.of(
            Pattern.compile("^#{1,6}\\s+\\S"), // ATX heading
            Pattern.compile("^ {0,3}(?:```|~~~)"), // code fence
            Pattern.compile("\\[[^\\]\\[]{1,500}]\\([^()\\s]{1,2000}\\)")); // [text](url)
    /** Lines with Markdown structure that make a nameless text Markdown: one heading alone is plain text. */
    private static final int MARKDOWN_MIN_LINES = 2;

    private DocumentTypeDetector() {
    }

    /**
     * @param fileName     the sanitised file name (a hint)
     * @param declaredType the part's Content-Type as the client declared it, or null (a hint)
     * @return the detected media type: {@link #PDF}, {@link #HTML}, {@link #MARKDOWN} or {@link #PLAIN}
     * @throws ProblemException 400 (field {@code file}) for an empty file or a text without a visible character;
     *                          415 for anything that is neither PDF nor UTF-8 text
     */
    public static String detect(byte[] bytes, String fileName, String declaredType) {
        if (bytes.length == 0) {
            throw ProblemException.badRequest("the file is empty", "file");
        }
        if (startsWith(bytes, PDF_MAGIC)) {
            return PDF;
        }
        String text = text(bytes);
        checkControlCharacters(text);
        if (text.codePoints().noneMatch(DocumentTypeDetector::visible)) {
            throw ProblemException.badRequest("the file has no visible text", "file");
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        String declared = declaredType == null ? "" : declaredType.toLowerCase(Locale.ROOT);
        if (startsAsHtml(text) || (HTML_TAG.matcher(text).find()
                && (name.endsWith(".html") || name.endsWith(".htm") || declared.startsWith(HTML)))) {
            return HTML;
        }
        if (name.endsWith(".md") || name.endsWith(".markdown") || declared.startsWith(MARKDOWN)
                || markdownLines(text) >= MARKDOWN_MIN_LINES) {
            return MARKDOWN;
        }
        return PLAIN;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8, or UTF-16 when a byte order mark says so (as the worker reads it); strictly, anything else is 415. */
    private static String text(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return decode(bytes, 2, StandardCharsets.UTF_16LE, "not UTF-16LE text");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return decode(bytes, 2, StandardCharsets.UTF_16BE, "not UTF-16BE text");
        }
        String text = decode(bytes, 0, StandardCharsets.UTF_8, "not UTF-8 text");
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(byte[] bytes, int offset, Charset charset, String otherwise) {
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw unsupported(otherwise);
        }
    }

    private static void checkControlCharacters(String text) {
        long controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw unsupported("binary data (NUL bytes)");
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                controls++;
            }
        }
        if (controls > text.length() * CONTROL_RATIO) {
            throw unsupported("binary data (" + controls + " control characters)");
        }
    }

    private static boolean visible(int c) {
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c)
                && Character.getType(c) != Character.FORMAT;
    }

    private static boolean startsAsHtml(String text) {
        var comments = LEADING_COMMENTS.matcher(text);
        int start = comments.lookingAt() ? comments.end() : 0;
        String head = text.substring(start, Math.min(text.length(), start + 20)).toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }

    private static long markdownLines(String text) {
        return text.lines().filter(line -> MARKDOWN_LINES.stream().anyMatch(p -> p.matcher(line).find())).count();
    }

    private static ProblemException unsupported(String what) {
        String detail = "unsupported content: " + what + " (text, Markdown, HTML or PDF; text must be UTF-8)";
        return new ProblemException(Problem.of(415, detail, List.of(new Problem.FieldError("file", detail))));
    }
}
