package dev.jobhub.model.jobtype;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The two schema introspection job types, {@code schema.rebuild} (everything) and {@code schema.train}
 * (selective). Both are submitted only through {@code /api/connections/{id}/rebuild} and {@code .../train-schema},
 * which check that the connection is the caller's; the generic job endpoints refuse them.
 */
public final class SchemaJobTypes {

    public static final String REBUILD = "schema.rebuild";
    public static final String TRAIN = "schema.train";
    static final String SUBMITTED_THROUGH = "POST /api/connections/{id}/rebuild or /train-schema";
    /** At most this many names in {@code schemas} or {@code tables}. */
    static final int MAX_NAMES = 1000;
    /** A PostgreSQL identifier is at most 63 bytes; a qualified table name is two of them and a dot. */
    private static final Pattern NAME = Pattern.compile("[^\\x00-\\x1f]{1,127}");

    /** The singleton key of a connection's introspection jobs: one at a time per connection, rebuild or train. */
    public static String singletonKey(UUID connectionId) {
        return "schema:" + connectionId;
    }

    static final class Rebuild implements JobType<SchemaRebuildPayload> {
        @Override
        public String name() {
            return REBUILD;
        }

        @Override
        public Class<SchemaRebuildPayload> payloadClass() {
            return SchemaRebuildPayload.class;
        }

        @Override
        public boolean internal() {
            return true;
        }

        @Override
        public String submittedThrough() {
            return SUBMITTED_THROUGH;
        }

        @Override
        public List<PayloadViolation> validate(SchemaRebuildPayload payload) {
            return payload.connectionId() == null
                    ? List.of(new PayloadViolation("payload.connectionId", "is required"))
                    : List.of();
        }
    }

    static final class Train implements JobType<SchemaTrainPayload> {
        @Override
        public String name() {
            return TRAIN;
        }

        @Override
        public Class<SchemaTrainPayload> payloadClass() {
            return SchemaTrainPayload.class;
        }

        @Override
        public boolean internal() {
            return true;
        }

        @Override
        public String submittedThrough() {
            return SUBMITTED_THROUGH;
        }

        @Override
        public List<PayloadViolation> validate(SchemaTrainPayload payload) {
            List<PayloadViolation> violations = new ArrayList<>();
            if (payload.connectionId() == null) {
                violations.add(new PayloadViolation("payload.connectionId", "is required"));
            }
            names("payload.schemas", payload.schemas(), violations);
            names("payload.tables", payload.tables(), violations);
            return violations;
        }

        private static void names(String field, List<String> names, List<PayloadViolation> violations) {
            if (names.size() > MAX_NAMES) {
                violations.add(new PayloadViolation(field, "at most " + MAX_NAMES + " names"));
            }
            for (String name : names) {
                if (name == null || !NAME.matcher(name).matches() || name.isBlank()) {
                    violations.add(new PayloadViolation(field,
                            "names must be 1 to 127 characters without control characters"));
                    return;
                }
            }
        }
    }

    private SchemaJobTypes() {
    }
}
