-- worker schema, owned by worker-service: the schema cache (snapshots of registered databases' schemas).
--
-- A snapshot is written while its introspection runs (complete = false), one row per table in schema_snapshot_tables,
-- so a 5,000-table database never sits in memory whole. Once every table is stored, one transaction marks it
-- complete and deletes the connection's older snapshots: readers only ever see complete snapshots.
-- The table definitions are `json`, not `jsonb`, so that their text (and key order) is exactly what the worker
-- wrote: the fingerprint is computed over that text and the API streams it out unchanged.

CREATE TABLE schema_snapshots (
    id                uuid PRIMARY KEY,
    connection_id     uuid        NOT NULL,
    user_id           text        NOT NULL,
    job_id            uuid        NOT NULL,
    -- 'full' (schema.rebuild) or 'selective' (schema.train, with its selection)
    scope             text        NOT NULL CHECK (scope IN ('full', 'selective')),
    selection         json,
    generated_at      timestamptz NOT NULL,
    -- the schemas in snapshot order, including those without tables
    schema_names      text[]      NOT NULL DEFAULT '{}',
    -- SHA-256 (hex) over the schema names and the tables' definitions in order; the API's ETag
    fingerprint       text,
    table_count       int         NOT NULL DEFAULT 0,
    column_count      bigint      NOT NULL DEFAULT 0,
    index_count       bigint      NOT NULL DEFAULT 0,
    foreign_key_count bigint      NOT NULL DEFAULT 0,
    complete          boolean     NOT NULL DEFAULT false
);

CREATE INDEX schema_snapshots_latest ON schema_snapshots (connection_id, generated_at DESC) WHERE complete;
CREATE INDEX schema_snapshots_incomplete ON schema_snapshots (generated_at) WHERE NOT complete;

CREATE TABLE schema_snapshot_tables (
    snapshot_id uuid NOT NULL REFERENCES schema_snapshots (id) ON DELETE CASCADE,
    position    int  NOT NULL,
    schema_name text NOT NULL,
    -- {name, kind, columns, primaryKey, uniqueConstraints, checkConstraints, indexes, foreignKeys}
    definition  json NOT NULL,
    PRIMARY KEY (snapshot_id, position)
);

-- The schema cache's SQL interface for api-service, which serves GET/DELETE /api/connections/{id}/schema-cache
-- after checking that the connection is the caller's. api-service calls these functions and never touches the
-- tables above, so the worker may change their layout freely. In production, grant api-service's role
-- USAGE ON SCHEMA worker and EXECUTE on these three functions only (README, "Data access between services").

-- The latest complete snapshot of a connection (no row if it has none).
CREATE FUNCTION schema_cache_head(p_connection_id uuid)
    RETURNS TABLE (snapshot_id uuid, generated_at timestamptz, fingerprint text, scope text, schema_names text[],
                   table_count int)
    LANGUAGE sql STABLE
AS $$
    SELECT id, generated_at, fingerprint, scope, schema_names, table_count
      FROM worker.schema_snapshots
     WHERE connection_id = p_connection_id AND complete
     ORDER BY generated_at DESC
     LIMIT 1
$$;

-- A page of a snapshot's tables, in snapshot order, after position p_after.
CREATE FUNCTION schema_cache_tables(p_snapshot_id uuid, p_after int, p_limit int)
    RETURNS TABLE ("position" int, schema_name text, definition json)
    LANGUAGE sql STABLE
AS $$
    SELECT position, schema_name, definition
      FROM worker.schema_snapshot_tables
     WHERE snapshot_id = p_snapshot_id AND position > p_after
     ORDER BY position
     LIMIT p_limit
$$;

-- Deletes every snapshot of a connection, complete or not; returns how many. SECURITY DEFINER: api-service may
-- delete a cache without any right on the tables themselves.
CREATE FUNCTION schema_cache_delete(p_connection_id uuid)
    RETURNS int
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = worker, pg_temp
AS $$
    WITH deleted AS (DELETE FROM worker.schema_snapshots WHERE connection_id = p_connection_id RETURNING 1)
    SELECT count(*)::int FROM deleted
$$;
