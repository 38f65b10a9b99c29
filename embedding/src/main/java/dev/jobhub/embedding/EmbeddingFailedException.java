package dev.jobhub.embedding;

/**
 * The model could not embed a batch (endpoint unreachable, refused, answered something unusable). The message is
 * for people and never carries the API key; {@link #retryable()} says whether another attempt may succeed.
 */
public class EmbeddingFailedException extends RuntimeException {

    private final boolean retryable;

    public EmbeddingFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
