package dev.jobhub.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model, in process: vectors of its size, and meaning closer than words. */
class InProcessEmbeddingModelTest {

    private static EmbeddingModel model;

    @BeforeAll
    static void load() {
        model = new InProcessEmbeddingModel();
    }

    @Test
    void everyTextGetsANormalisedVectorOfTheModelsSize() {
        List<float[]> vectors = model.embed(List.of("The cat sat on the mat.", "Quarterly revenue grew."));

        assertThat(vectors).hasSize(2).allSatisfy(vector -> {
            assertThat(vector).hasSize(model.dimensions());
            assertThat(Math.sqrt(Vectors.dot(vector, vector))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        });
        assertThat(model.dimensions()).isEqualTo(384);
    }

    @Test
    void aParaphraseIsCloserThanAnotherTopic() {
        List<float[]> vectors = model.embed(List.of(
                "How do I reset my password?",
                "I forgot my login credentials and need new ones.",
                "The volcano erupted and covered the village in ash."));

        double paraphrase = cosine(vectors.get(0), vectors.get(1));
        double unrelated = cosine(vectors.get(0), vectors.get(2));
        assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
