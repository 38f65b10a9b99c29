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
     * Decodes PostgreSQL's binary form of a one-dimensional {@code real[]} ({@code array_send(embedding)}): a header
     * of five ints (dimensions, has-nulls flag, element type, length, lower bound), then per element its byte length
     * (4) and an IEEE 754 float, all big-endian. Reading this is several times cheaper than the text form or a boxed
     * {@code Float[]} when a search scores many thousands of vectors.
     */
    public static float[] fromPgBinary(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int dimensions = buffer.getInt();
        buffer.getInt(); // has-nulls flag: the column's check refuses nulls
        buffer.getInt(); // element type oid (700, float4)
        if (dimensions == 0) {
            return new float[0];
        }
        if (dimensions != 1) {
            throw new IllegalArgumentException("expected a one-dimensional array, got " + dimensions);
        }
        int length = buffer.getInt();
        buffer.getInt(); // lower bound
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            int size = buffer.getInt();
            if (size != 4) {
                throw new IllegalArgumentException("element " + i + " is not a float4 (" + size + " bytes)");
            }
            vector[i] = buffer.getFloat();
        }
        return vector;
    }

    private Vectors() {
    }
}
