package dev.jobhub.worker.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The visible text of an HTML page, as a reader would see it: no scripts, styles, head, navigation, templates or
 * hidden elements, and every block element (paragraph, heading, list item, table row, {@code <br>}...) ending its
 * line, so that a heading and the paragraph under it, or two list items, never run together into one sentence.
 * Whitespace inside {@code <pre>} is kept; elsewhere it is collapsed as a browser does.
 */
final class HtmlText {

    /** What a reader never sees, removed before the text is collected. */
    private static final String INVISIBLE = "head, script, style, noscript, template, nav, svg, canvas, iframe, "
            + "object, embed, [hidden], [aria-hidden=true], [style~=(?i)display\\s*:\\s*none]";

    /** Elements that end a paragraph: a blank line after them. */
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
            "blockquote", "table", "ul", "ol", "dl", "figure", "section", "article", "header", "footer", "main",
            "aside", "address", "details", "hr");

    /** Elements that end a line. */
    private static final Set<String> LINES = Set.of("div", "li", "dt", "dd", "tr", "caption", "figcaption",
            "summary", "form", "fieldset", "legend", "option", "body");

    static String extract(byte[] html) {
        Document document;
        try {
            // null charset: jsoup reads a byte order mark or a <meta charset>, else UTF-8
            document = Jsoup.parse(new ByteArrayInputStream(html), null, "");
        } catch (IOException e) {
            // a byte array cannot fail to be read
            throw new UncheckedIOException(e);
        }
        document.select(INVISIBLE).remove();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new Collector(text), document.body() == null ? document : document.body());
        return text.toString();
    }

    private static final class Collector implements NodeVisitor {

        private final StringBuilder text;

        Collector(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                if (preformatted(textNode)) {
                    text.append(textNode.getWholeText());
                } else {
                    // the whitespace between blocks (the source's indentation) is not text
                    String words = textNode.text();
                    text.append(text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? words.stripLeading() : words);
                }
            } else if (node instanceof Element element) {
                String tag = element.normalName();
                if (tag.equals("br")) {
                    text.append('\n');
                } else if (tag.equals("td") || tag.equals("th")) {
                    text.append(' ');
                } else if (PARAGRAPHS.contains(tag) || LINES.contains(tag)) {
                    // a block starts on its own line even when inline text precedes it
                    endLine();
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (PARAGRAPHS.contains(tag)) {
                    endLine();
                    text.append('\n');
                } else if (LINES.contains(tag)) {
                    endLine();
                }
            }
        }

        private void endLine() {
            while (!text.isEmpty() && text.charAt(text.length() - 1) == ' ') {
                text.setLength(text.length() - 1);
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }

        private static boolean preformatted(TextNode node) {
            for (Node parent = node.parentNode(); parent != null; parent = parent.parentNode()) {
                if (parent instanceof Element element
                        && (element.normalName().equals("pre") || element.normalName().equals("textarea"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private HtmlText() {
    }
}
