package dev.jobhub.api.job;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/** Recognises PostgreSQL errors under the wrappers Hibernate Reactive and Mutiny put around them. */
public final class PgErrors {

    private static final String UNIQUE_VIOLATION = "23505";

    private PgErrors() {
    }

    /** True if {@code failure} is a unique violation of the constraint or unique index named {@code constraint}. */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    && constraint.equals(pg.getConstraint())) {
                return true;
            }
            if (t instanceof ConstraintViolationException violation && constraint.equals(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
