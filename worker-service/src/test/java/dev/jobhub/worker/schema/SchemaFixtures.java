package dev.jobhub.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.support.connection.CredentialCipher;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.worker.job.JobCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Target databases and registered connections for the schema tests: what api-service would have stored (its
 * {@code api.connections} table in the platform's database, created here from its own migration), and databases
 * with roles of their own to introspect, on the target PostgreSQL ({@code SharedInfra.targetPostgres()}).
 */
public final class SchemaFixtures {

    public static final String OWNER = "alice";
    public static final String LOCALHOST = "127.0.0.1";
    /** Opens what api-service seals in tests (same key, same key id as the worker's default). */
    public static final CredentialCipher CIPHER = new CredentialCipher("k1",
            Map.of("k1", Base64.getDecoder().decode(RealInfraResource.TEST_CREDENTIALS_KEY)));

    private static boolean apiSchemaReady;

    private SchemaFixtures() {
    }

    /**
     * Creates the api schema as api-service's migration V007 does, once per test JVM (the worker's Flyway cleans
     * only its own schema): main code reads it and never creates it.
     */
    public static synchronized void ensureApiSchema(DataSource dataSource) {
        if (apiSchemaReady) {
            return;
        }
        Path migration = Path.of(System.getProperty("jobhub.project.root", ".."))
                .resolve("api-service/src/main/resources/db/migration/V007__connections.sql");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            try (ResultSet exists = sql.executeQuery("SELECT to_regclass('api.connections') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    sql.execute("CREATE SCHEMA IF NOT EXISTS api; SET search_path = api;\n"
                            + Files.readString(migration));
                }
            } finally {
                sql.execute("RESET search_path");
            }
            apiSchemaReady = true;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create the api schema from " + migration, e);
        }
    }

    /** Runs SQL as the superuser in {@code database} of the target PostgreSQL (where registered databases live). */
    public static String psql(String database, String sql) {
        return SharedInfra.get().targetPostgres().psql(database, sql);
    }

    /** A login role and a database it owns, filled by {@code ddl} (run as the superuser). */
    public static void createDatabase(String name, String password, String ddl) {
        psql("postgres", "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
        psql("postgres", "CREATE DATABASE " + name + " OWNER " + name);
        if (ddl != null && !ddl.isBlank()) {
            psql(name, ddl);
        }
    }

    /**
     * The port of the PostgreSQL the tests register as users' databases: a server of its own, since the egress
     * guard refuses the platform's database as a target.
     */
    public static int port() {
        return SharedInfra.get().targetPostgres().port();
    }

    /** Registers a connection as api-service does (password sealed for the connection's id); returns its id. */
    public static UUID register(DataSource dataSource, String userId, String host, int port, String database,
            String username, String password, String optionsJson) {
        UUID id = UUID.randomUUID();
        return insert(dataSource, id, userId, host, port, database, username,
                password == null ? null : CIPHER.seal(password, id.toString()), optionsJson);
    }

    public static UUID register(DataSource dataSource, String database, String username, String password) {
        return register(dataSource, OWNER, LOCALHOST, port(), database, username, password, "{}");
    }

    /** Inserts a connection row with the sealed value as given. */
    public static UUID insert(DataSource dataSource, UUID id, String userId, String host, int port, String database,
            String username, String sealedPassword, String optionsJson) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO api.connections (id, user_id, name, kind, host, port, database_name, username,
                                                     password_sealed, options)
                        VALUES (?, ?, ?, 'postgresql', ?, ?, ?, ?, ?, ?::jsonb)""")) {
            insert.setObject(1, id);
            insert.setString(2, userId);
            insert.setString(3, "conn-" + id);
            insert.setString(4, host);
            insert.setInt(5, port);
            insert.setString(6, database);
            insert.setString(7, username);
            insert.setString(8, sealedPassword);
            insert.setString(9, optionsJson);
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void deleteConnection(DataSource dataSource, UUID id) {
        update(dataSource, "DELETE FROM api.connections WHERE id = '" + id + "'");
    }

    public static void update(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JobCommand rebuildCommand(UUID connectionId, boolean force, String userId) {
        JsonNode payload = JobJsonCodec.mapper().createObjectNode()
                .put("connectionId", connectionId.toString()).put("force", force);
        return JobCommand.run(UUID.randomUUID(), userId, "schema.rebuild", Priority.NORMAL, payload,
                JobCommands.ISSUED_AT_SEQUENCE, 1, 3, null);
    }

    public static JobCommand trainCommand(JsonNode payload) {
        return JobCommand.run(UUID.randomUUID(), OWNER, "schema.train", Priority.NORMAL, payload,
                JobCommands.ISSUED_AT_SEQUENCE, 1, 3, null);
    }

    /** The connection's current snapshot as the api reads it (worker.schema_cache_head), or null if none. */
    public static Snapshot cached(DataSource dataSource, UUID connectionId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement head = connection.prepareStatement(
                        "SELECT snapshot_id, generated_at, fingerprint, scope, schema_names, table_count "
                                + "FROM worker.schema_cache_head(?)")) {
            head.setObject(1, connectionId);
            try (ResultSet row = head.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                UUID id = row.getObject(1, UUID.class);
                List<String> schemas = List.of((String[]) row.getArray(5).getArray());
                ArrayNode tables = JobJsonCodec.mapper().createArrayNode();
                List<String> texts = new ArrayList<>();
                try (PreparedStatement page = connection.prepareStatement(
                        "SELECT schema_name, definition::text FROM worker.schema_cache_tables(?, 0, 100000)")) {
                    page.setObject(1, id);
                    try (ResultSet rows = page.executeQuery()) {
                        while (rows.next()) {
                            texts.add(rows.getString(2));
                            tables.add(JobJsonCodec.mapper().createObjectNode().put("schema", rows.getString(1))
                                    .set("definition", JobJsonCodec.mapper().readTree(rows.getString(2))));
                        }
                    }
                }
                return new Snapshot(id, row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
                        schemas, row.getInt(6), tables, texts);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A complete snapshot: each entry of {@code tables} is {schema, definition}. */
    public record Snapshot(UUID id, java.time.Instant generatedAt, String fingerprint, String scope,
            List<String> schemas, int tableCount, ArrayNode tables, List<String> definitionTexts) {

        /** The definition of {@code schema.table}, or null. */
        public JsonNode table(String schema, String table) {
            for (JsonNode entry : tables) {
                if (entry.get("schema").asText().equals(schema)
                        && entry.get("definition").get("name").asText().equals(table)) {
                    return entry.get("definition");
                }
            }
            return null;
        }

        public List<String> qualifiedNames() {
            List<String> names = new ArrayList<>();
            tables.forEach(entry -> names.add(entry.get("schema").asText() + "."
                    + entry.get("definition").get("name").asText()));
            return names;
        }
    }
}
