package dev.jobhub.worker.document;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a Markdown document: what a reader of the rendered page reads, without the markup. Headings
 * lose their {@code #}, emphasis and inline-code markers go, links and images become their text, tables' pipes
 * become spaces, HTML comments and tags are dropped; the content of code fences is kept as it is (code is text a
 * search may look for), without the fences. Line structure is kept, so paragraphs stay apart.
 */
final class MarkdownText {

    // a comment on lines of its own goes with its lines, so it does not leave a paragraph break behind
    private static final Pattern COMMENT_LINES =
            Pattern.compile("^[ \\t]*<!--.*?-->[ \\t]*(?:\\R|\\z)", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|\\z)", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,}).*$");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+|$)(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern SETEXT_OR_RULE = Pattern.compile("^ {0,3}(?:=+|-{2,}|(?:[-*_]\\s*){3,})\\s*$");
    private static final Pattern TABLE_DELIMITER =
            Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(?:\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*\\S+.*$");
    private static final Pattern BLOCKQUOTE = Pattern.compile("^(?:\\s*>)+\\s?");
    private static final Pattern LIST_MARKER = Pattern.compile("^(\\s*)(?:[-*+]|\\d{1,9}[.)])\\s+(?:\\[[ xX]]\\s+)?");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("!?\\[([^\\]]+)]\\[[^\\]]*]");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|ftp|mailto):[^>\\s]+)>");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*(?:\\s[^<>]*)?/?>");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern EMPHASIS_STAR = Pattern.compile("\\*(?=\\S)(.+?)(?<=\\S)\\*");
    // underscores inside words (snake_case) are not emphasis
    private static final Pattern EMPHASIS_UNDERSCORE = Pattern.compile("(?<![\\p{L}\\p{N}_])_(?=\\S)(.+?)(?<=\\S)_"
            + "(?![\\p{L}\\p{N}_])");
    private static final char ESCAPED = '\uE000';
    private static final Pattern ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~])");

    /**
     * A code span's text as CommonMark renders it: one space is stripped from each end only when both ends have one
     * (`` ` x ` `` is "x"); any other space is the text's, so the words around the span stay apart.
     */
    private static String codeSpan(String code) {
        boolean padded = code.length() > 2 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank();
        return padded ? code.substring(1, code.length() - 1) : code;
    }

    static String extract(String markdown) {
        String withoutComments = COMMENT.matcher(COMMENT_LINES.matcher(markdown).replaceAll("")).replaceAll("");
        StringBuilder text = new StringBuilder(withoutComments.length());
        String fence = null;
        for (String line : withoutComments.split("\\R", -1)) {
            Matcher fenceLine = FENCE.matcher(line);
            if (fence != null) {
                if (fenceLine.matches() && fenceLine.group(1).charAt(0) == fence.charAt(0)
                        && fenceLine.group(1).length() >= fence.length() && line.strip().equals(fenceLine.group(1))) {
                    fence = null;
                    text.append('\n');
                } else {
                    text.append(line).append('\n');
                }
                continue;
            }
            if (fenceLine.matches()) {
                fence = fenceLine.group(1);
                text.append('\n');
                continue;
            }
            String content = block(line);
            if (content != null) {
                text.append(inline(content)).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The line without its block markup (heading, quote, list marker); empty for a rule or a heading's underline
     * (they end a paragraph); null for a line that is not there for a reader (a table's delimiter row, a link
     * reference definition).
     */
    private static String block(String line) {
        if (TABLE_DELIMITER.matcher(line).matches() && line.indexOf('|') >= 0
                || REFERENCE_DEFINITION.matcher(line).matches()) {
            return null;
        }
        if (SETEXT_OR_RULE.matcher(line).matches()) {
            return "";
        }
        String content = BLOCKQUOTE.matcher(line).replaceFirst("");
        Matcher heading = ATX_HEADING.matcher(content);
        if (heading.matches()) {
            return heading.group(1);
        }
        return LIST_MARKER.matcher(content).replaceFirst("$1");
    }

    private static String inline(String line) {
        if (line.isEmpty()) {
            return line;
        }
        // escaped characters are hidden from the patterns below (as private-use characters), then restored
        String text = ESCAPE.matcher(line).replaceAll(match -> String.valueOf((char) (ESCAPED + match.group(1)
                .charAt(0))));
        // code spans first: their content is literal, markers inside them are text
        text = INLINE_CODE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(codeSpan(match.group(2))));
        text = IMAGE.matcher(text).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = REFERENCE_LINK.matcher(text).replaceAll("$1");
        text = AUTOLINK.matcher(text).replaceAll("$1");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = STRONG.matcher(text).replaceAll("$2");
        text = STRIKE.matcher(text).replaceAll("$1");
        text = EMPHASIS_STAR.matcher(text).replaceAll("$1");
        text = EMPHASIS_UNDERSCORE.matcher(text).replaceAll("$1");
        if (text.indexOf('|') >= 0) {
            // a table row: cells apart, pipes gone (an escaped \| stays a pipe)
            text = text.replace('|', ' ').strip();
        }
        StringBuilder restored = new StringBuilder(text.length());
        text.chars().forEach(c -> restored.append((char) (c >= ESCAPED && c < ESCAPED + 128 ? c - ESCAPED : c)));
        return restored.toString();
    }

    private MarkdownText() {
    }
}
