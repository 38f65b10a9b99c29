package dev.jobhub.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaInclude;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.model.jobtype.SchemaTrainPayload;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one introspection covers.
 *
 * @param connectionId the registered connection
 * @param schemas      exactly these schemas (even PostgreSQL's own); empty: every schema but PostgreSQL's own
 * @param tables       only tables named {@code schema.table} or {@code table} (in any selected schema); empty: all
 * @param include      which details each table definition carries
 * @param full         true for {@code schema.rebuild}: everything, and eligible for unchanged detection
 * @param force        a rebuild that stores a new snapshot even if nothing changed
 */
public record SchemaSelection(UUID connectionId, List<String> schemas, List<String> tables, SchemaInclude include,
        boolean full, boolean force) {

    public SchemaSelection {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
    }

    public static SchemaSelection of(SchemaRebuildPayload payload) {
        return new SchemaSelection(payload.connectionId(), List.of(), List.of(), SchemaInclude.ALL, true,
                payload.force());
    }

    public static SchemaSelection of(SchemaTrainPayload payload) {
        return new SchemaSelection(payload.connectionId(), payload.schemas(), payload.tables(), payload.include(),
                false, true);
    }

    /** The snapshot's {@code scope} column. */
    public String scope() {
        return full ? "full" : "selective";
    }

    /** What a selective snapshot was asked for, stored with it; null for a full one. */
    public JsonNode selectionJson() {
        if (full) {
            return null;
        }
        ObjectNode selection = JobJsonCodec.mapper().createObjectNode();
        selection.set("schemas", JobJsonCodec.toTree(schemas));
        selection.set("tables", JobJsonCodec.toTree(tables));
        selection.set("include", JobJsonCodec.toTree(include));
        return selection;
    }

    /** A test for the {@code tables} filter, built once per run: names match as {@code schema.table} or {@code table}. */
    public TableFilter tableFilter() {
        Set<String> names = Set.copyOf(tables);
        return (schema, table) -> names.isEmpty() || names.contains(table) || names.contains(schema + "." + table);
    }

    /** Whether a table is part of the selection. */
    @FunctionalInterface
    public interface TableFilter {
        boolean accepts(String schema, String table);
    }
}
