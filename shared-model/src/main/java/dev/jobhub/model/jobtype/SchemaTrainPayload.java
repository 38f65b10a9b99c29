package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code schema.train}: a selective introspection. {@code schemas} limits the schemas (all but
 * PostgreSQL's own when absent or empty); {@code tables} limits the tables, each named {@code schema.table} or just
 * {@code table} (in any selected schema); {@code include} says which details are fetched.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaTrainPayload(UUID connectionId, List<String> schemas, List<String> tables, SchemaInclude include) {

    public SchemaTrainPayload {
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        tables = tables == null ? List.of() : List.copyOf(tables);
        include = include == null ? SchemaInclude.ALL : include;
    }
}
