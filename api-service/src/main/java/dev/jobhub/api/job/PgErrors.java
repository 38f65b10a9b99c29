package dev.jobhub.api.job;

import dev.jobhub.support.problem.Causes;
import io.vertx.pgclient.PgException;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

/** Recognises PostgreSQL errors under the wrappers Hibernate Reactive and Mutiny put around them. */
public final class PgErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Schema, function or table missing: invalid_schema_name, undefined_function, undefined_table. */
    private static final Set<String> UNDEFINED_OBJECT = Set.of("3F000", "42883", "42P01");

    private PgErrors() {
    }

    /** True if {@code failure} is a unique violation of the constraint or unique index named {@code constraint}. */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        return Causes.anyMatch(failure, t -> (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && constraint.equals(pg.getConstraint()))
                || (t instanceof ConstraintViolationException violation
                        && constraint.equals(violation.getConstraintName())));
    }

    /**
     * True if {@code failure} says the worker schema, or one of its SQL functions, does not exist yet: worker-service
     * has not migrated. Callers of the worker's SQL interface treat that as "nothing there".
     */
    public static boolean isWorkerSchemaMissing(Throwable failure) {
        return failure instanceof PgException pg && UNDEFINED_OBJECT.contains(pg.getSqlState());
    }
}
