package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextChunkerTest {

    private static final String TEXT = IntStream.rangeClosed(1, 40)
            .mapToObj(i -> "Sentence number " + i + " talks about topic " + (i * 7 % 13) + ".")
            .collect(Collectors.joining(" "));

    @Test
    void aParagraphBreakEndsASentence() {
        String text = "Glaciers of Iceland\n\nVatnajökull is the largest ice cap. It covers volcanoes";

        assertThat(new TextChunker(40, 20).chunk(text)).extracting(TextChunker.Chunk::text)
                .containsExactly("Glaciers of Iceland", "Vatnajökull is the largest ice cap.",
                        "It covers volcanoes");
    }

    @Test
    void aShortTextIsOneChunk() {
        assertThat(new TextChunker(500, 50).chunk("One sentence. Two sentences."))
                .containsExactly(new TextChunker.Chunk(0, "One sentence. Two sentences.", 0));
    }

    @Test
    void chunksEndOnSentencesStayWithinTheSizeAndOverlap() {
        List<TextChunker.Chunk> chunks = new TextChunker(200, 60).chunk(TEXT);

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text().length()).isLessThanOrEqualTo(200);
            assertThat(chunk.text()).startsWith("Sentence number").endsWith(".");
            assertThat(TEXT.substring(chunk.start())).startsWith(chunk.text());
        });
        assertThat(chunks).extracting(TextChunker.Chunk::index)
                .containsExactlyElementsOf(IntStream.range(0, chunks.size()).boxed().toList());
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String firstSentence = chunks.get(i).text().substring(0, chunks.get(i).text().indexOf('.') + 1);
            // the next chunk begins with the last sentence of the one before: nothing is cut off between them
            assertThat(previous).endsWith(firstSentence);
        }
        // every sentence is in some chunk, in order
        assertThat(chunks.get(0).text()).startsWith("Sentence number 1 ");
        assertThat(chunks.get(chunks.size() - 1).text()).endsWith("Sentence number 40 talks about topic 7.");
    }

    @Test
    void withoutOverlapChunksTileTheText() {
        List<TextChunker.Chunk> chunks = new TextChunker(200, 0).chunk(TEXT);

        assertThat(chunks.stream().map(TextChunker.Chunk::text).collect(Collectors.joining(" "))).isEqualTo(TEXT);
    }

    @Test
    void aSentenceLongerThanAChunkIsCutWithOverlap() {
        String run = "x".repeat(250);

        List<TextChunker.Chunk> chunks = new TextChunker(100, 20).chunk(run);

        assertThat(chunks).extracting(chunk -> chunk.text().length()).allMatch(length -> length <= 100);
        assertThat(chunks).extracting(TextChunker.Chunk::start).containsExactly(0, 80, 160);
        assertThat(chunks.get(chunks.size() - 1).start() + chunks.get(chunks.size() - 1).text().length())
                .isEqualTo(250);
    }

    @Test
    void overlapMustBeSmallerThanTheChunk() {
        assertThatThrownBy(() -> new TextChunker(100, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalisingJoinsHyphenatedWordsAndDropsControlCharacters() {
        String extracted = "The e\uFB03cient pro-\ncess\u0007 runs.\r\n\r\n\r\n\r\nNext   para\tgraph.\u200B";

        assertThat(TextNormalizer.normalize(extracted)).isEqualTo("The efficient process runs.\n\nNext para graph.");
    }
}
