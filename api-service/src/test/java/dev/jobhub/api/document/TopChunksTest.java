package dev.jobhub.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.embedding.Vectors;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopChunksTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void keepsTheKBestBestFirstWhateverTheOrderTheyArrive() {
        Random random = new Random(42);
        float[] query = Vectors.normalised(randomVector(random, 16));
        List<float[]> stored = IntStream.range(0, 500).mapToObj(i -> Vectors.normalised(randomVector(random, 16)))
                .toList();
        TopChunks top = new TopChunks(query, 7);
        for (int i = 0; i < stored.size(); i++) {
            top.offer(A, i, stored.get(i));
        }
        List<Integer> expected = IntStream.range(0, stored.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> Vectors.dot(query, stored.get(i))).reversed())
                .limit(7).toList();
        assertThat(top.best()).extracting(TopChunks.Hit::chunkIndex).containsExactlyElementsOf(expected);
        assertThat(top.best()).extracting(TopChunks.Hit::score).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(top.scored()).isEqualTo(500);
    }

    @Test
    void fewerVectorsThanKAreAllReturnedAndNoneIsNothing() {
        float[] query = {1, 0};
        TopChunks top = new TopChunks(query, 5);
        assertThat(top.best()).isEmpty();
        top.offer(A, 0, new float[] {0, 1});
        top.offer(B, 3, new float[] {1, 0});
        assertThat(top.best()).containsExactly(new TopChunks.Hit(B, 3, 1f), new TopChunks.Hit(A, 0, 0f));
    }

    @Test
    void equalScoresAreOrderedByDocumentThenChunk() {
        TopChunks top = new TopChunks(new float[] {1, 0}, 2);
        top.offer(B, 1, new float[] {1, 0});
        top.offer(A, 2, new float[] {1, 0});
        top.offer(A, 1, new float[] {1, 0});
        assertThat(top.best()).extracting(hit -> hit.documentId() + "#" + hit.chunkIndex())
                .containsExactly(A + "#1", A + "#2");
    }

    @Test
    void kMustBePositiveAndDimensionsMustAgree() {
        assertThatThrownBy(() -> new TopChunks(new float[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        TopChunks top = new TopChunks(new float[] {1, 0}, 1);
        assertThatThrownBy(() -> top.offer(A, 0, new float[] {1, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] randomVector(Random random, int dimensions) {
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
