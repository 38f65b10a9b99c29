-- Registered databases ("connections") whose schemas users introspect (schema.rebuild / schema.train jobs).

CREATE TABLE connections (
    id              uuid PRIMARY KEY,
    user_id         text        NOT NULL,
    name            text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('postgresql')),
    host            text        NOT NULL,
    port            int         NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database_name   text        NOT NULL,
    username        text        NOT NULL,
    -- CredentialCipher output (v1:<keyId>:<base64>, AES-256-GCM bound to the connection id); null: no password
    password_sealed text,
    ssl_mode        text        NOT NULL DEFAULT 'prefer',
    -- {connectTimeoutMs, statementTimeoutMs}
    options         jsonb       NOT NULL DEFAULT '{}',
    -- a cron expression that rebuilds the schema regularly, through the schedule it owns
    rebuild_cron    text,
    rebuild_timezone text,
    schedule_id     uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_name_per_user UNIQUE (user_id, name)
);

CREATE INDEX connections_by_user ON connections (user_id, created_at DESC);

-- The credential path's one door: worker-service reads a connection's settings and sealed password here, for the
-- job's connection id and owner, and opens the password with the key it shares with api-service. Nothing else of
-- this schema is the worker's business; in production its role gets USAGE ON SCHEMA api and SELECT on this view
-- only (README, "Data access between services").
CREATE VIEW connection_credentials AS
SELECT id, user_id, kind, host, port, database_name, username, password_sealed, ssl_mode, options
  FROM connections;
