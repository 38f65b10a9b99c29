package dev.jobhub.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.SchemaInclude;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.model.jobtype.SchemaTrainPayload;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Introspection of a real database, stored in the schema cache: exact definitions, selections, unchanged runs. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaIntrospectionTest {

    static final String DATABASE = "wk_introspect";
    static final String PASSWORD = "Intro-Secret-9f3a";

    /** Every kind of object the snapshot describes, across two schemas. */
    static final String FIXTURE = """
            CREATE SCHEMA sales;
            CREATE SCHEMA inventory;
            CREATE TYPE sales.order_status AS ENUM ('new', 'paid', 'shipped');
            CREATE TABLE inventory.products (
                id         int4 GENERATED ALWAYS AS IDENTITY,
                sku        varchar(40) NOT NULL,
                price      numeric(10,2) NOT NULL DEFAULT 0,
                tags       text[],
                attributes jsonb,
                CONSTRAINT products_pkey PRIMARY KEY (id),
                CONSTRAINT products_sku_key UNIQUE (sku),
                CONSTRAINT products_price_check CHECK (price >= 0)
            );
            CREATE INDEX products_attributes_gin ON inventory.products USING gin (attributes);
            CREATE INDEX products_lower_sku ON inventory.products (lower(sku));
            CREATE TABLE inventory.stock (
                product_id int4 NOT NULL DEFAULT 0,
                warehouse  text NOT NULL,
                quantity   int4,
                CONSTRAINT stock_pkey PRIMARY KEY (product_id, warehouse),
                CONSTRAINT stock_product_fk FOREIGN KEY (product_id) REFERENCES inventory.products (id)
                    ON DELETE SET DEFAULT
            );
            CREATE TABLE sales.orders (
                region     varchar(40) NOT NULL,
                order_no   int4 NOT NULL,
                status     sales.order_status NOT NULL DEFAULT 'new',
                created_at timestamptz NOT NULL DEFAULT now(),
                note       text,
                CONSTRAINT orders_pkey PRIMARY KEY (region, order_no)
            );
            CREATE INDEX orders_status_hash ON sales.orders USING hash (status);
            CREATE TABLE sales.order_lines (
                region     varchar(40) NOT NULL,
                order_no   int4 NOT NULL,
                line       int4 NOT NULL,
                product_id int4,
                quantity   int4 NOT NULL CHECK (quantity > 0),
                CONSTRAINT order_lines_pkey PRIMARY KEY (region, order_no, line),
                CONSTRAINT order_lines_order_fk FOREIGN KEY (region, order_no)
                    REFERENCES sales.orders (region, order_no) ON UPDATE CASCADE ON DELETE CASCADE,
                CONSTRAINT order_lines_product_fk FOREIGN KEY (product_id) REFERENCES inventory.products (id)
                    ON UPDATE RESTRICT ON DELETE SET NULL
            );
            CREATE UNIQUE INDEX order_lines_product_line ON sales.order_lines (product_id, line)
                WHERE product_id IS NOT NULL;
            CREATE VIEW sales.open_orders AS SELECT region, order_no, status FROM sales.orders
                WHERE status <> 'shipped';
            """;

    private static boolean created;
    private static UUID connection;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemaRebuildJobHandler rebuild;
    @Inject
    SchemaTrainJobHandler train;

    @BeforeEach
    void fixture() {
        SchemaFixtures.ensureApiSchema(dataSource);
        synchronized (SchemaIntrospectionTest.class) {
            if (!created) {
                SchemaFixtures.createDatabase(DATABASE, PASSWORD, FIXTURE);
                connection = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);
                created = true;
            }
        }
    }

    @Test
    void aRebuildStoresEveryTableExactly() throws Exception {
        RecordingJobContext context = rebuildContext(connection, true);

        SchemaRebuildResult result = result(rebuild.run(context));

        SchemaFixtures.Snapshot snapshot = SchemaFixtures.cached(dataSource, connection);
        assertThat(snapshot.scope()).isEqualTo("full");
        assertThat(snapshot.schemas()).containsExactly("inventory", "public", "sales");
        assertThat(snapshot.qualifiedNames()).containsExactly("inventory.products", "inventory.stock",
                "sales.open_orders", "sales.order_lines", "sales.orders");
        assertThat(snapshot.fingerprint()).matches("[0-9a-f]{64}").isEqualTo(result.fingerprint());
        assertThat(snapshot.generatedAt()).isEqualTo(result.generatedAt());
        assertThat(result).extracting(SchemaRebuildResult::schemas, SchemaRebuildResult::tables,
                SchemaRebuildResult::columns, SchemaRebuildResult::indexes, SchemaRebuildResult::foreignKeys,
                SchemaRebuildResult::unchanged).containsExactly(3, 5, 21L, 9L, 3L, false);

        assertThat(snapshot.table("inventory", "products")).isEqualTo(json("""
                {"name": "products", "kind": "table", "columns": [
                  {"name": "id", "ordinal": 1, "type": "integer", "nullable": false, "default": null},
                  {"name": "sku", "ordinal": 2, "type": "character varying(40)", "nullable": false, "default": null},
                  {"name": "price", "ordinal": 3, "type": "numeric(10,2)", "nullable": false, "default": "0"},
                  {"name": "tags", "ordinal": 4, "type": "text[]", "nullable": true, "default": null},
                  {"name": "attributes", "ordinal": 5, "type": "jsonb", "nullable": true, "default": null}],
                 "primaryKey": {"name": "products_pkey", "columns": ["id"]},
                 "uniqueConstraints": [{"name": "products_sku_key", "columns": ["sku"]}],
                 "checkConstraints": [{"name": "products_price_check", "expression": "CHECK (price >= 0::numeric)"}],
                 "indexes": [
                  {"name": "products_attributes_gin", "columns": ["attributes"], "unique": false, "method": "gin"},
                  {"name": "products_lower_sku", "columns": ["lower(sku::text)"], "unique": false, "method": "btree"},
                  {"name": "products_pkey", "columns": ["id"], "unique": true, "method": "btree"},
                  {"name": "products_sku_key", "columns": ["sku"], "unique": true, "method": "btree"}],
                 "foreignKeys": []}"""));
        assertThat(snapshot.table("inventory", "stock")).isEqualTo(json("""
                {"name": "stock", "kind": "table", "columns": [
                  {"name": "product_id", "ordinal": 1, "type": "integer", "nullable": false, "default": "0"},
                  {"name": "warehouse", "ordinal": 2, "type": "text", "nullable": false, "default": null},
                  {"name": "quantity", "ordinal": 3, "type": "integer", "nullable": true, "default": null}],
                 "primaryKey": {"name": "stock_pkey", "columns": ["product_id", "warehouse"]},
                 "uniqueConstraints": [], "checkConstraints": [],
                 "indexes": [
                  {"name": "stock_pkey", "columns": ["product_id", "warehouse"], "unique": true, "method": "btree"}],
                 "foreignKeys": [
                  {"name": "stock_product_fk", "columns": ["product_id"], "referencedSchema": "inventory",
                   "referencedTable": "products", "referencedColumns": ["id"], "onUpdate": "NO ACTION",
                   "onDelete": "SET DEFAULT"}]}"""));
        assertThat(snapshot.table("sales", "orders")).isEqualTo(json("""
                {"name": "orders", "kind": "table", "columns": [
                  {"name": "region", "ordinal": 1, "type": "character varying(40)", "nullable": false, "default": null},
                  {"name": "order_no", "ordinal": 2, "type": "integer", "nullable": false, "default": null},
                  {"name": "status", "ordinal": 3, "type": "sales.order_status", "nullable": false,
                   "default": "'new'::sales.order_status"},
                  {"name": "created_at", "ordinal": 4, "type": "timestamp with time zone", "nullable": false,
                   "default": "now()"},
                  {"name": "note", "ordinal": 5, "type": "text", "nullable": true, "default": null}],
                 "primaryKey": {"name": "orders_pkey", "columns": ["region", "order_no"]},
                 "uniqueConstraints": [], "checkConstraints": [],
                 "indexes": [
                  {"name": "orders_pkey", "columns": ["region", "order_no"], "unique": true, "method": "btree"},
                  {"name": "orders_status_hash", "columns": ["status"], "unique": false, "method": "hash"}],
                 "foreignKeys": []}"""));
        assertThat(snapshot.table("sales", "order_lines")).isEqualTo(json("""
                {"name": "order_lines", "kind": "table", "columns": [
                  {"name": "region", "ordinal": 1, "type": "character varying(40)", "nullable": false, "default": null},
                  {"name": "order_no", "ordinal": 2, "type": "integer", "nullable": false, "default": null},
                  {"name": "line", "ordinal": 3, "type": "integer", "nullable": false, "default": null},
                  {"name": "product_id", "ordinal": 4, "type": "integer", "nullable": true, "default": null},
                  {"name": "quantity", "ordinal": 5, "type": "integer", "nullable": false, "default": null}],
                 "primaryKey": {"name": "order_lines_pkey", "columns": ["region", "order_no", "line"]},
                 "uniqueConstraints": [],
                 "checkConstraints": [{"name": "order_lines_quantity_check", "expression": "CHECK (quantity > 0)"}],
                 "indexes": [
                  {"name": "order_lines_pkey", "columns": ["region", "order_no", "line"], "unique": true,
                   "method": "btree"},
                  {"name": "order_lines_product_line", "columns": ["product_id", "line"], "unique": true,
                   "method": "btree"}],
                 "foreignKeys": [
                  {"name": "order_lines_order_fk", "columns": ["region", "order_no"], "referencedSchema": "sales",
                   "referencedTable": "orders", "referencedColumns": ["region", "order_no"], "onUpdate": "CASCADE",
                   "onDelete": "CASCADE"},
                  {"name": "order_lines_product_fk", "columns": ["product_id"], "referencedSchema": "inventory",
                   "referencedTable": "products", "referencedColumns": ["id"], "onUpdate": "RESTRICT",
                   "onDelete": "SET NULL"}]}"""));
        assertThat(snapshot.table("sales", "open_orders")).isEqualTo(json("""
                {"name": "open_orders", "kind": "view", "columns": [
                  {"name": "region", "ordinal": 1, "type": "character varying(40)", "nullable": true, "default": null},
                  {"name": "order_no", "ordinal": 2, "type": "integer", "nullable": true, "default": null},
                  {"name": "status", "ordinal": 3, "type": "sales.order_status", "nullable": true, "default": null}],
                 "primaryKey": null, "uniqueConstraints": [], "checkConstraints": [], "indexes": [],
                 "foreignKeys": []}"""));
        // stored verbatim, keys in the documented order
        assertThat(snapshot.definitionTexts().get(0)).startsWith("{\"name\":\"products\",\"kind\":\"table\","
                + "\"columns\":[{\"name\":\"id\",\"ordinal\":1,\"type\":\"integer\",\"nullable\":false,"
                + "\"default\":null}");
        assertThat(snapshot.definitionTexts().get(0)).containsSubsequence("\"columns\"", "\"primaryKey\"",
                "\"uniqueConstraints\"", "\"checkConstraints\"", "\"indexes\"", "\"foreignKeys\"");
        // progress: the first and the last table at least, each naming its table
        List<Progress> progress = context.progress();
        assertThat(progress.get(0)).isEqualTo(Progress.of(1, 5,
                "Fetching schema metadata for inventory.products…"));
        assertThat(progress.get(progress.size() - 1)).isEqualTo(Progress.of(5, 5,
                "Fetching schema metadata for sales.orders…"));
        assertThat(JobJsonCodec.toJson(result)).doesNotContain(PASSWORD);
    }

    @Test
    void informationSchemaIsIntrospectedWhenNamed() throws Exception {
        JsonNode resultJson = train.run(trainContext(new SchemaTrainPayload(connection,
                List.of("information_schema"), List.of(), null)));
        SchemaRebuildResult result = result(resultJson);

        long relations = Long.parseLong(SchemaFixtures.psql(DATABASE, """
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'information_schema' AND c.relkind IN ('r', 'p', 'f', 'v', 'm')""").trim());
        long columns = Long.parseLong(SchemaFixtures.psql(DATABASE, """
                SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'information_schema' AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
                   AND a.attnum > 0 AND NOT a.attisdropped""").trim());
        assertThat(relations).isGreaterThan(50);
        assertThat(result.schemas()).isEqualTo(1);
        assertThat(result.tables()).isEqualTo((int) relations);
        assertThat(result.columns()).isEqualTo(columns);
        SchemaFixtures.Snapshot snapshot = SchemaFixtures.cached(dataSource, connection);
        assertThat(snapshot.scope()).isEqualTo("selective");
        assertThat(snapshot.schemas()).containsExactly("information_schema");
        assertThat(snapshot.tableCount()).isEqualTo((int) relations);
        long storedColumns = 0;
        for (JsonNode entry : snapshot.tables()) {
            storedColumns += entry.get("definition").get("columns").size();
        }
        assertThat(storedColumns).isEqualTo(columns);
        assertThat(snapshot.table("information_schema", "tables").get("kind").asText()).isEqualTo("view");
    }

    @Test
    void aSelectiveRunStoresOnlyWhatWasAsked() throws Exception {
        SchemaInclude include = new SchemaInclude(true, false, true, false, false);
        SchemaRebuildResult result = result(train.run(trainContext(new SchemaTrainPayload(connection, List.of(),
                List.of("orders", "inventory.products", "inventory.nonexistent"), include))));

        SchemaFixtures.Snapshot snapshot = SchemaFixtures.cached(dataSource, connection);
        assertThat(snapshot.scope()).isEqualTo("selective");
        assertThat(snapshot.qualifiedNames()).containsExactly("inventory.products", "sales.orders");
        assertThat(result.tables()).isEqualTo(2);
        assertThat(result.indexes()).isZero();
        assertThat(result.foreignKeys()).isZero();
        JsonNode orders = snapshot.table("sales", "orders");
        assertThat(orders.fieldNames()).toIterable().containsExactly("name", "kind", "columns", "primaryKey",
                "uniqueConstraints", "checkConstraints");
        assertThat(orders.get("columns").get(2)).isEqualTo(json("""
                {"name": "status", "ordinal": 3, "nullable": false, "default": "'new'::sales.order_status"}"""));

        // one schema, no columns, no constraints: only names and kinds, and the foreign keys
        train.run(trainContext(new SchemaTrainPayload(connection, List.of("sales"), List.of(),
                new SchemaInclude(false, true, false, false, true))));
        snapshot = SchemaFixtures.cached(dataSource, connection);
        assertThat(snapshot.schemas()).containsExactly("sales");
        assertThat(snapshot.qualifiedNames()).containsExactly("sales.open_orders", "sales.order_lines",
                "sales.orders");
        assertThat(snapshot.table("sales", "order_lines").fieldNames()).toIterable()
                .containsExactly("name", "kind", "foreignKeys");
        assertThat(snapshot.table("sales", "order_lines").get("foreignKeys")).hasSize(2);
    }

    @Test
    void anUnchangedSchemaKeepsItsSnapshotUnlessForced() throws Exception {
        // a database of its own: this test changes its schema
        String database = "wk_unchanged";
        SchemaFixtures.createDatabase(database, PASSWORD, "CREATE TABLE things (id serial PRIMARY KEY)");
        UUID id = SchemaFixtures.register(dataSource, database, database, PASSWORD);

        SchemaRebuildResult first = result(rebuild.run(rebuildContext(id, false)));
        SchemaFixtures.Snapshot firstSnapshot = SchemaFixtures.cached(dataSource, id);
        SchemaRebuildResult second = result(rebuild.run(rebuildContext(id, false)));

        assertThat(first.unchanged()).isFalse();
        assertThat(second.unchanged()).isTrue();
        assertThat(second.generatedAt()).isEqualTo(first.generatedAt());
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(SchemaFixtures.cached(dataSource, id).id()).isEqualTo(firstSnapshot.id());
        assertThat(snapshotCount(id)).as("the unchanged run's staged snapshot is gone").isEqualTo(1);
        // relations and types are schema-qualified whatever the role's search_path (public here)
        assertThat(firstSnapshot.table("public", "things").get("columns").get(0).get("default").asText())
                .isEqualTo("nextval('public.things_id_seq'::regclass)");

        SchemaRebuildResult forced = result(rebuild.run(rebuildContext(id, true)));
        assertThat(forced.unchanged()).isFalse();
        assertThat(forced.generatedAt()).isAfter(first.generatedAt());
        assertThat(forced.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(SchemaFixtures.cached(dataSource, id).id()).isNotEqualTo(firstSnapshot.id());
        assertThat(snapshotCount(id)).as("the older snapshot is deleted").isEqualTo(1);

        SchemaFixtures.psql(database, "ALTER TABLE things ADD COLUMN label text");
        SchemaRebuildResult changed = result(rebuild.run(rebuildContext(id, false)));
        assertThat(changed.unchanged()).isFalse();
        assertThat(changed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(changed.columns()).isEqualTo(2);
        assertThat(SchemaFixtures.cached(dataSource, id).fingerprint()).isEqualTo(changed.fingerprint());

        // a selective run is stored as it is, even with nothing changed
        result(train.run(trainContext(new SchemaTrainPayload(id, List.of(), List.of(), null))));
        assertThat(SchemaFixtures.cached(dataSource, id).scope()).isEqualTo("selective");
        assertThat(snapshotCount(id)).isEqualTo(1);
    }

    private long snapshotCount(UUID connectionId) {
        return SchemaFixtures.count(dataSource,
                "SELECT count(*) FROM worker.schema_snapshots WHERE connection_id = '" + connectionId + "'");
    }

    static RecordingJobContext rebuildContext(UUID connectionId, boolean force) {
        JobCommand command = SchemaFixtures.rebuildCommand(connectionId, force, SchemaFixtures.OWNER);
        return new RecordingJobContext(command, new SchemaRebuildPayload(connectionId, force));
    }

    static RecordingJobContext trainContext(SchemaTrainPayload payload) {
        return new RecordingJobContext(SchemaFixtures.trainCommand(JobJsonCodec.toTree(payload)), payload);
    }

    static SchemaRebuildResult result(JsonNode json) {
        return JobJsonCodec.bind(json, SchemaRebuildResult.class);
    }

    static JsonNode json(String text) {
        try {
            return JobJsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
