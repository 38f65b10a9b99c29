package dev.jobhub.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void decodesPostgresBinaryRealArrays() {
        // array_send('{1.5,-2,0.25}'::real[]): 1 dimension, no nulls, oid 700, length 3, lower bound 1
        ByteBuffer bytes = ByteBuffer.allocate(20 + 3 * 8)
                .putInt(1).putInt(0).putInt(700).putInt(3).putInt(1);
        for (float value : new float[] {1.5f, -2f, 0.25f}) {
            bytes.putInt(4).putFloat(value);
        }

        assertThat(Vectors.fromPgBinary(bytes.array())).containsExactly(1.5f, -2f, 0.25f);
    }

    @Test
    void refusesArraysThatAreNotVectors() {
        ByteBuffer twoDimensions = ByteBuffer.allocate(12).putInt(2).putInt(0).putInt(700);
        assertThatThrownBy(() -> Vectors.fromPgBinary(twoDimensions.array()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalisedVectorsHaveLengthOneAndTheirDotIsTheCosine() {
        float[] a = Vectors.normalised(new float[] {3, 4});
        float[] b = Vectors.normalised(new float[] {4, 3});

        assertThat(Vectors.dot(a, a)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Vectors.dot(a, b)).isCloseTo(24f / 25f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Vectors.normalised(new float[] {0, 0})).containsExactly(0f, 0f);
    }
}
