package dev.jobhub.embedding;

import java.nio.ByteBuffer;

/** Arithmetic on embedding vectors. Stored vectors are normalised, so their dot product is their cosine. */
public final class Vectors {

    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code vector} scaled to length 1 (in place); a zero vector stays zero. */
    public static float[] normalised(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += value * value;
        }
        if (squares > 0) {
            float scale = (float) (1 / Math.sqrt(squares));
            for (int i = 0; i < vector.length; i++) {
                vector[i] *= scale;
            }
        }
        return vector;
    }

    /**
     * Decodes a vector stored as 4-byte big-endian IEEE 754 floats one after the other (worker-service's
     * {@code embedding_f32}, made with PostgreSQL's {@code float4send}): the form a search reads, with no boxing and no
     * text parsing.
     */
    public static float[] fromFloat32(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of floats");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(vector);
        return vector;
    }

    private Vectors() {
    }
}
