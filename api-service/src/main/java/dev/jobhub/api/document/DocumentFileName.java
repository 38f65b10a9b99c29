package dev.jobhub.api.document;

/**
 * The name an uploaded file is shown under. The client's name is only ever displayed (never a path, never a type),
 * but it reaches list views, notifications and e-mails: path segments go, and so do characters that can forge lines
 * or reorder text on screen (control characters, Unicode line and paragraph separators, bidi controls).
 */
public final class DocumentFileName {

    static final int MAX_LENGTH = 255;
    static final String FALLBACK = "document";
    /** An extension longer than this is not kept whole when the name is shortened: it is more likely a long name. */
    private static final int MAX_EXTENSION = 16;

    private DocumentFileName() {
    }

    public static String of(String uploaded) {
        if (uploaded == null) {
            return FALLBACK;
        }
        String name = uploaded.substring(Math.max(uploaded.lastIndexOf('/'), uploaded.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder(name.length());
        name.codePoints().filter(c -> !unsafe(c)).forEach(kept::appendCodePoint);
        String clean = kept.toString().strip();
        if (clean.isEmpty() || clean.equals(".") || clean.equals("..")) {
            return FALLBACK;
        }
        return shortened(clean);
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c)
                || c == 0x2028 || c == 0x2029 // line and paragraph separators
                || c == 0x061C || c == 0x200E || c == 0x200F // bidi marks
                || (c >= 0x202A && c <= 0x202E) // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // bidi isolates
                || c == 0xFEFF; // a byte order mark is not part of a name
    }

    /** At most {@link #MAX_LENGTH} characters (code points), the extension kept. */
    private static String shortened(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        return base.substring(0, base.offsetByCodePoints(0, keep)).strip() + extension;
    }
}
