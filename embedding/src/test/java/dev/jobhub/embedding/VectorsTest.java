package dev.jobhub.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void decodesBigEndianFloat32Bytes() {
        // float4send(1.5) || float4send(-2) || float4send(0.25)
        ByteBuffer bytes = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-2f).putFloat(0.25f);

        assertThat(Vectors.fromFloat32(bytes.array())).containsExactly(1.5f, -2f, 0.25f);
        assertThat(Vectors.fromFloat32(new byte[0])).isEmpty();
    }

    @Test
    void refusesBytesThatAreNotWholeFloats() {
        assertThatThrownBy(() -> Vectors.fromFloat32(new byte[7])).isInstanceOf(IllegalArgumentException.class);
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
