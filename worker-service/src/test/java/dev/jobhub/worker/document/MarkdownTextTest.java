package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {

    @Test
    void markupGoesAndTheTextStays() {
        String text = text("""
                # Ice ages #

                Glaciers **carve** valleys over _millennia_, and *sea ice* ~~never~~ reflects `sunlight`.
                See [the survey](https://example.org/survey "Survey") and ![a glacier](glacier.png).
                Read <https://example.org/more> or [the atlas][atlas]; snake_case_names stay.

                [atlas]: https://example.org/atlas

                Setext heading
                --------------

                > A quoted line.

                - first item
                * second item
                1. numbered item
                - [x] done item

                ***
                Escaped \\*stars\\* stay.""");

        assertThat(text.lines().toList()).containsExactly("Ice ages", "",
                "Glaciers carve valleys over millennia, and sea ice never reflects sunlight.",
                "See the survey and a glacier.",
                "Read https://example.org/more or the atlas; snake_case_names stay.", "",
                "Setext heading", "", "A quoted line.", "", "first item", "second item", "numbered item",
                "done item", "", "Escaped *stars* stay.");
    }

    @Test
    void codeSpansLoseOnlyTheirPaddingSoTheWordsAroundThemStayApart() {
        assertThat(text("Set ` x ` and `` a`b `` then `y`.")).isEqualTo("Set x and a`b then y.");
        // a span opened on an earlier line closes here: its own spaces are text
        assertThat(text("updatedAt}`. The password is write-only. `sslMode` is one"))
                .isEqualTo("updatedAt}. The password is write-only. sslMode` is one");
    }

    @Test
    void codeFencesKeepTheirContentAsText() {
        String text = text("""
                Run this:

                ```java
                int **notBold** = 1; // # not a heading
                ```
                Then stop.""");

        assertThat(text).isEqualTo("Run this:\n\nint **notBold** = 1; // # not a heading\n\nThen stop.");
    }

    @Test
    void tablesLoseTheirPipesAndHtmlCommentsAreDropped() {
        String text = text("""
                <!-- a note for editors,
                     over two lines -->
                | glacier | area |
                |:--------|-----:|
                | Vatnajökull | 7,700 km² |
                Text with <em>inline html</em> and a pipe \\| kept.""");

        assertThat(text.lines().toList()).containsExactly("glacier area", "Vatnajökull 7,700 km2",
                "Text with inline html and a pipe | kept.");
    }

    private static String text(String markdown) {
        return TextNormalizer.normalize(MarkdownText.extract(markdown));
    }
}
