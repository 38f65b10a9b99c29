package dev.jobhub.worker.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaInclude;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One table or view as the schema cache stores it: the object of the snapshot's {@code tables} array. Its JSON
 * text is written here, key by key in the documented order, because that text is stored verbatim, fingerprinted
 * and served as it is. Details the selection left out ({@link SchemaInclude}) are absent keys, not empty lists.
 */
public record TableDefinition(String schema, String name, String kind, List<Column> columns, Key primaryKey,
        List<Key> uniqueConstraints, List<Check> checkConstraints, List<Index> indexes,
        List<ForeignKey> foreignKeys) {

    public record Column(String name, int ordinal, String type, boolean nullable, String defaultValue) {
    }

    /** A primary key or unique constraint. */
    public record Key(String name, List<String> columns) {
    }

    public record Check(String name, String expression) {
    }

    /** An index; an expression column is the expression's text. */
    public record Index(String name, List<String> columns, boolean unique, String method) {
    }

    public record ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
            List<String> referencedColumns, String onUpdate, String onDelete) {
    }

    /** Collects one table's details while the catalog rows of its batch are read. */
    static final class Builder {
        final TableRef table;
        final List<Column> columns = new ArrayList<>();
        Key primaryKey;
        final List<Key> uniqueConstraints = new ArrayList<>();
        final List<Check> checkConstraints = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();

        Builder(TableRef table) {
            this.table = table;
        }

        TableDefinition build() {
            return new TableDefinition(table.schema(), table.name(), table.kind(), List.copyOf(columns), primaryKey,
                    List.copyOf(uniqueConstraints), List.copyOf(checkConstraints), List.copyOf(indexes),
                    List.copyOf(foreignKeys));
        }
    }

    /** The definition's JSON text, with the keys {@code include} asks for. */
    public String json(SchemaInclude include) {
        StringWriter out = new StringWriter(256 + columns.size() * 96);
        try (JsonGenerator json = JobJsonCodec.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeStringField("kind", kind);
            if (include.columns()) {
                json.writeArrayFieldStart("columns");
                for (Column column : columns) {
                    json.writeStartObject();
                    json.writeStringField("name", column.name());
                    json.writeNumberField("ordinal", column.ordinal());
                    if (include.types()) {
                        json.writeStringField("type", column.type());
                    }
                    json.writeBooleanField("nullable", column.nullable());
                    json.writeStringField("default", column.defaultValue());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (include.constraints()) {
                json.writeFieldName("primaryKey");
                if (primaryKey == null) {
                    json.writeNull();
                } else {
                    key(json, primaryKey);
                }
                json.writeArrayFieldStart("uniqueConstraints");
                for (Key unique : uniqueConstraints) {
                    key(json, unique);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("checkConstraints");
                for (Check check : checkConstraints) {
                    json.writeStartObject();
                    json.writeStringField("name", check.name());
                    json.writeStringField("expression", check.expression());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (include.indexes()) {
                json.writeArrayFieldStart("indexes");
                for (Index index : indexes) {
                    json.writeStartObject();
                    json.writeStringField("name", index.name());
                    names(json, "columns", index.columns());
                    json.writeBooleanField("unique", index.unique());
                    json.writeStringField("method", index.method());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (include.foreignKeys()) {
                json.writeArrayFieldStart("foreignKeys");
                for (ForeignKey fk : foreignKeys) {
                    json.writeStartObject();
                    json.writeStringField("name", fk.name());
                    names(json, "columns", fk.columns());
                    json.writeStringField("referencedSchema", fk.referencedSchema());
                    json.writeStringField("referencedTable", fk.referencedTable());
                    names(json, "referencedColumns", fk.referencedColumns());
                    json.writeStringField("onUpdate", fk.onUpdate());
                    json.writeStringField("onDelete", fk.onDelete());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void key(JsonGenerator json, Key key) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", key.name());
        names(json, "columns", key.columns());
        json.writeEndObject();
    }

    private static void names(JsonGenerator json, String field, List<String> names) throws IOException {
        json.writeArrayFieldStart(field);
        for (String name : names) {
            json.writeString(name);
        }
        json.writeEndArray();
    }
}
