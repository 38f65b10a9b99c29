-- The job record of truth. State changes come from this service (submission, cancellation) and from the
-- projection of jobs.events; (attempt, last_sequence) orders them, so stale or duplicate events change nothing.
CREATE TABLE jobs (
    id             uuid PRIMARY KEY,
    user_id        text        NOT NULL,
    type           text        NOT NULL,
    state          text        NOT NULL,
    priority       text        NOT NULL,
    payload        jsonb       NOT NULL,
    progress       jsonb,
    result         jsonb,
    error          jsonb,
    attempt        integer     NOT NULL,
    max_attempts   integer     NOT NULL,
    last_sequence  bigint      NOT NULL,
    timeout_ms     bigint,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz,
    version        bigint      NOT NULL DEFAULT 0
);

CREATE INDEX jobs_by_user_newest ON jobs (user_id, created_at DESC, id DESC);
CREATE INDEX jobs_newest ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_by_state ON jobs (state);

-- Transactional outbox: written in the same transaction as the job, published by OutboxRelay.
-- A relay leases a batch (lease_until) so replicas do not publish the same rows at once; sent rows are kept
-- for a while (sent_at) for inspection and then deleted.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    message_id   uuid        NOT NULL,
    headers      jsonb       NOT NULL,
    payload      bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    lease_until  timestamptz,
    sent_at      timestamptz
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
