package dev.jobhub.worker.document;

import java.util.Locale;

/**
 * The text of an uploaded document, by its media type, normalised for chunking. api-service detects the type from
 * the content at upload; this side still refuses text that is mostly not text (binary data labelled
 * {@code text/plain}, a PDF whose fonts map to nothing), so garbage is never embedded and searched.
 */
final class DocumentText {

    static final String PDF = "application/pdf";
    static final String HTML = "text/html";
    static final String MARKDOWN = "text/markdown";
    static final String PLAIN = "text/plain";

    /**
     * Above this share of replacement characters (U+FFFD) and control characters (other than line breaks and
     * tabs), the "text" is taken for binary data. Real text has next to none; random bytes read as Windows-1252
     * give about 12% control characters.
     */
    static final double MAX_GARBAGE_SHARE = 0.05;

    /**
     * @return the normalised text, possibly empty (a document of whitespace only)
     * @throws UnreadableDocumentException if the type is not supported or the content is not readable as it
     */
    static String extract(String mimeType, byte[] content) throws UnreadableDocumentException {
        String type = baseType(mimeType);
        String raw = switch (type) {
            case PDF -> PdfText.extract(content);
            case HTML -> HtmlText.extract(content);
            case MARKDOWN -> MarkdownText.extract(PlainText.decode(content));
            case PLAIN -> PlainText.decode(content);
            default -> throw new UnreadableDocumentException("documents of type " + type + " are not supported "
                    + "(text, Markdown, HTML and PDF are)");
        };
        requireText(raw);
        return TextNormalizer.normalize(raw);
    }

    /** {@code text/plain; charset=utf-8} -> {@code text/plain}. */
    static String baseType(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int parameters = mimeType.indexOf(';');
        return (parameters < 0 ? mimeType : mimeType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    static void requireText(String text) throws UnreadableDocumentException {
        long garbage = 0;
        long visible = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isGarbage(c)) {
                garbage++;
            } else if (!Character.isWhitespace(c)) {
                visible++;
            }
        }
        double share = garbage == 0 ? 0 : (double) garbage / (garbage + visible);
        if (share > MAX_GARBAGE_SHARE) {
            throw new UnreadableDocumentException(String.format(Locale.ROOT,
                    "the content is not readable text (%.0f%% of its characters are binary or undecodable)",
                    100 * share));
        }
    }

    private static boolean isGarbage(int c) {
        return c == '\uFFFD' || (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f');
    }

    private DocumentText() {
    }
}
