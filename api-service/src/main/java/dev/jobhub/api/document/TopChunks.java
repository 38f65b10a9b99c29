package dev.jobhub.api.document;

import dev.jobhub.embedding.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The k best chunks of a search, kept while the vectors stream by: a min-heap of at most k entries whose head is the
 * worst kept, so memory is O(k) however many vectors are scored. Vectors are normalised, so the dot product is the
 * cosine similarity. Not thread-safe: one search scores on one thread.
 */
public final class TopChunks {

    /** A scored chunk. */
    public record Hit(UUID documentId, int chunkIndex, float score) {
    }

    /** Worse first: lower score, then (for a stable order among equals) the later document and chunk. */
    static final Comparator<Hit> WORST_FIRST = Comparator.comparingDouble(Hit::score)
            .thenComparing(Hit::documentId, Comparator.reverseOrder())
            .thenComparing(Hit::chunkIndex, Comparator.reverseOrder());

    private final float[] query;
    private final int k;
    private final PriorityQueue<Hit> heap;
    private long scored;

    public TopChunks(float[] query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        this.query = query;
        this.k = k;
        this.heap = new PriorityQueue<>(k + 1, WORST_FIRST);
    }

    /** Scores one stored vector against the query and keeps it if it is among the k best so far. */
    public void offer(UUID documentId, int chunkIndex, float[] vector) {
        scored++;
        Hit hit = new Hit(documentId, chunkIndex, Vectors.dot(query, vector));
        if (heap.size() < k) {
            heap.add(hit);
        } else if (WORST_FIRST.compare(hit, heap.peek()) > 0) {
            heap.poll();
            heap.add(hit);
        }
    }

    /** How many vectors were scored. */
    public long scored() {
        return scored;
    }

    /** The kept chunks, best first. */
    public List<Hit> best() {
        List<Hit> best = new ArrayList<>(heap);
        best.sort(WORST_FIRST.reversed());
        return best;
    }
}
