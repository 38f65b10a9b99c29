package dev.jobhub.api;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.testing.SharedInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * worker-service's schema in the test database, made from worker-service's own migration files (from
 * {@code jobhub.project.root}) as its Flyway would: api-service's tests call the worker's SQL interface (schema
 * cache, document vectors) without a worker.
 */
public final class WorkerSchema {

    private static final String[] MIGRATIONS = {"V001__schema_cache.sql", "V002__document_vectors.sql"};

    private WorkerSchema() {
    }

    /** Applies the migrations unless a test before did (the last migration's table is there). */
    public static void ensure() {
        String there = SharedInfra.get().postgres().psql(PlatformServices.DATABASE,
                "SELECT to_regclass('worker.document_chunks') IS NOT NULL").trim();
        if (!there.equals("t")) {
            drop();
            apply();
        }
    }

    public static void drop() {
        SharedInfra.get().postgres().psql(PlatformServices.DATABASE, "DROP SCHEMA IF EXISTS worker CASCADE");
    }

    public static void apply() {
        Path root = Path.of(System.getProperty("jobhub.project.root", ".."));
        StringBuilder sql = new StringBuilder("SET ROLE " + PlatformServices.DB_USER
                + "; CREATE SCHEMA IF NOT EXISTS worker; SET search_path = worker;\n");
        for (String migration : MIGRATIONS) {
            try {
                sql.append(Files.readString(root.resolve("worker-service/src/main/resources/db/migration/"
                        + migration))).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // as worker-service's Flyway would: the schema and its objects belong to the service's role
        SharedInfra.get().postgres().psql(PlatformServices.DATABASE, sql.toString());
    }
}
