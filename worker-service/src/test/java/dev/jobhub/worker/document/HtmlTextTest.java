package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void onlyTheVisibleTextRemains() {
        String text = text("""
                <html><head><title>Tab title</title><style>p { color: red }</style>
                <script>var secret = "script text";</script></head>
                <body>
                  <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
                  <template><p>template text</p></template>
                  <noscript>enable javascript</noscript>
                  <div hidden>hidden text</div>
                  <span style="display: none">invisible span</span>
                  <p>Glaciers <b>carve</b> valleys.</p>
                  <script>document.write("inline script")</script>
                </body></html>""");

        assertThat(text).isEqualTo("Glaciers carve valleys.");
    }

    @Test
    void blockElementsEndTheirLinesSoSentencesStayApart() {
        String text = text("""
                <body><h1>Ice ages</h1><p>The first paragraph.</p><p>The second
                paragraph.</p><ul><li>one item</li><li>another item</li></ul>
                <div>a div</div><div>another div</div>line one<br>line two
                <table><tr><th>name</th><th>size</th></tr><tr><td>Vatnajökull</td><td>7,700 km²</td></tr></table>
                </body>""");

        assertThat(text.lines().map(String::strip).toList()).containsExactly("Ice ages", "", "The first paragraph.",
                "", "The second paragraph.", "", "one item", "another item", "", "a div", "another div", "line one",
                "line two", "name size", "Vatnajökull 7,700 km2");
    }

    @Test
    void theIndentationBetweenBlocksIsNotText() {
        String text = text("<ul>\n  <li>first</li>\n  <li>second</li>\n</ul>\n<div>\n  <p>third</p>\n</div>");

        assertThat(text).isEqualTo("first\nsecond\n\nthird");
    }

    @Test
    void preformattedTextKeepsItsLines() {
        String text = text("<p>Before.</p><pre>first  line\n  second line</pre><p>After.</p>");

        assertThat(text).contains("first line\nsecond line").contains("Before.\n\n").contains("\n\nAfter.");
    }

    @Test
    void theCharsetOfTheMetaTagIsHonoured() {
        byte[] latin1 = "<meta charset=\"iso-8859-1\"><p>Café crème</p>".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TextNormalizer.normalize(HtmlText.extract(latin1))).isEqualTo("Café crème");
    }

    private static String text(String html) {
        return TextNormalizer.normalize(HtmlText.extract(html.getBytes(StandardCharsets.UTF_8)));
    }
}
