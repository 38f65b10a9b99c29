package dev.jobhub.support.problem;

import java.util.function.Predicate;

/**
 * Walks a failure's cause chain, under the wrappers Hibernate Reactive, Mutiny, Vert.x and the Kafka client put
 * around the failure that matters; a cause that is its own cause ends the chain.
 */
public final class Causes {

    private Causes() {
    }

    /** True if {@code failure} or one of its causes matches. */
    public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** The last cause of the chain ({@code failure} itself if it has none). */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
