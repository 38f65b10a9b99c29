package dev.jobhub.worker.schema;

import dev.jobhub.model.jobtype.SchemaInclude;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a database's schema from pg_catalog (information_schema is much slower: its views recompute privileges
 * row by row). The table list is read once; columns, constraints and indexes are read for a batch of tables at a
 * time ({@code WHERE oid = ANY(?)}), three queries per batch whatever its size, so memory is bounded by the batch.
 */
final class CatalogIntrospector {

    private static final String SCHEMAS_ALL = """
            SELECT nspname FROM pg_catalog.pg_namespace
             WHERE nspname NOT IN ('pg_catalog', 'information_schema')
               AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
             ORDER BY nspname""";

    private static final String SCHEMAS_NAMED = """
            SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(?) ORDER BY nspname""";

    private static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname, c.relkind
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY(?) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
             ORDER BY n.nspname, c.relname""";

    private static final String COLUMNS = """
            SELECT a.attrelid, a.attname, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   NOT a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
              FROM pg_catalog.pg_attribute a
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = ANY(?::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum""";

    // key columns in constraint order; pg_get_constraintdef gives a check's "CHECK (...)" as the server prints it
    private static final String CONSTRAINTS = """
            SELECT con.conrelid, con.conname, con.contype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          ORDER BY k.ord),
                   CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END,
                   fn.nspname, fc.relname,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          ORDER BY k.ord),
                   con.confupdtype, con.confdeltype
              FROM pg_catalog.pg_constraint con
              LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
              LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
             WHERE con.conrelid = ANY(?::oid[]) AND con.contype IN ('p', 'u', 'c', 'f')
             ORDER BY con.conrelid, con.conname""";

    // key columns only (not INCLUDE ones); an expression column (attnum 0) is printed by pg_get_indexdef
    private static final String INDEXES = """
            SELECT i.indrelid, ic.relname, i.indisunique, am.amname,
                   ARRAY(SELECT CASE WHEN k.attnum = 0
                                     THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true)
                                     ELSE a.attname::text END
                           FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          WHERE k.ord <= i.indnkeyatts
                          ORDER BY k.ord)
              FROM pg_catalog.pg_index i
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_catalog.pg_am am ON am.oid = ic.relam
             WHERE i.indrelid = ANY(?::oid[])
             ORDER BY i.indrelid, ic.relname""";

    private final Connection target;
    private final SchemaSelection selection;

    CatalogIntrospector(Connection target, SchemaSelection selection) {
        this.target = target;
        this.selection = selection;
    }

    /** The selected schemas that exist, by name. */
    List<String> schemas() throws SQLException {
        boolean named = !selection.schemas().isEmpty();
        try (PreparedStatement select = target.prepareStatement(named ? SCHEMAS_NAMED : SCHEMAS_ALL)) {
            if (named) {
                select.setArray(1, target.createArrayOf("text", selection.schemas().toArray()));
            }
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
            return schemas;
        }
    }

    /** The selected tables and views of {@code schemas}, by schema then name. */
    List<TableRef> tables(List<String> schemas) throws SQLException {
        SchemaSelection.TableFilter filter = selection.tableFilter();
        try (PreparedStatement select = target.prepareStatement(TABLES)) {
            select.setArray(1, target.createArrayOf("text", schemas.toArray()));
            select.setFetchSize(1000);
            List<TableRef> tables = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String schema = rows.getString(2);
                    String name = rows.getString(3);
                    if (filter.accepts(schema, name)) {
                        tables.add(new TableRef(rows.getLong(1), schema, name, kind(rows.getString(4))));
                    }
                }
            }
            return tables;
        }
    }

    /** The definitions of {@code batch}, in its order. */
    List<TableDefinition> describe(List<TableRef> batch) throws SQLException {
        Map<Long, TableDefinition.Builder> byOid = new LinkedHashMap<>();
        for (TableRef table : batch) {
            byOid.put(table.oid(), new TableDefinition.Builder(table));
        }
        Array oids = target.createArrayOf("int8", batch.stream().map(TableRef::oid).toArray());
        SchemaInclude include = selection.include();
        if (include.columns()) {
            readColumns(oids, byOid);
        }
        if (include.constraints() || include.foreignKeys()) {
            readConstraints(oids, byOid);
        }
        if (include.indexes()) {
            readIndexes(oids, byOid);
        }
        oids.free();
        return byOid.values().stream().map(TableDefinition.Builder::build).toList();
    }

    private void readColumns(Array oids, Map<Long, TableDefinition.Builder> byOid) throws SQLException {
        try (PreparedStatement select = target.prepareStatement(COLUMNS)) {
            select.setArray(1, oids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byOid.get(rows.getLong(1)).columns.add(new TableDefinition.Column(rows.getString(2),
                            rows.getInt(3), rows.getString(4), rows.getBoolean(5), rows.getString(6)));
                }
            }
        }
    }

    private void readConstraints(Array oids, Map<Long, TableDefinition.Builder> byOid) throws SQLException {
        try (PreparedStatement select = target.prepareStatement(CONSTRAINTS)) {
            select.setArray(1, oids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    TableDefinition.Builder table = byOid.get(rows.getLong(1));
                    String name = rows.getString(2);
                    List<String> columns = strings(rows.getArray(4));
                    switch (rows.getString(3)) {
                        case "p" -> table.primaryKey = new TableDefinition.Key(name, columns);
                        case "u" -> table.uniqueConstraints.add(new TableDefinition.Key(name, columns));
                        case "c" -> table.checkConstraints.add(new TableDefinition.Check(name, rows.getString(5)));
                        case "f" -> table.foreignKeys.add(new TableDefinition.ForeignKey(name, columns,
                                rows.getString(6), rows.getString(7), strings(rows.getArray(8)),
                                action(rows.getString(9)), action(rows.getString(10))));
                        default -> {
                            // filtered out by the query
                        }
                    }
                }
            }
        }
    }

    private void readIndexes(Array oids, Map<Long, TableDefinition.Builder> byOid) throws SQLException {
        try (PreparedStatement select = target.prepareStatement(INDEXES)) {
            select.setArray(1, oids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byOid.get(rows.getLong(1)).indexes.add(new TableDefinition.Index(rows.getString(2),
                            strings(rows.getArray(5)), rows.getBoolean(3), rows.getString(4)));
                }
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        array.free();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    static String kind(String relkind) {
        return switch (relkind) {
            case "v", "m" -> "view";
            default -> "table";
        };
    }

    /** pg_constraint's confupdtype / confdeltype as SQL says them. */
    static String action(String code) {
        return switch (code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }
}
