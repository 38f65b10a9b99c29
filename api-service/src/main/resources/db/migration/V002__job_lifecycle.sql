-- Job lifecycle: what waits (delays, retries, paused queues, stalled jobs) is a row with a run_at, turned into
-- commands by the dispatcher (FOR UPDATE SKIP LOCKED, safe with several replicas).

ALTER TABLE jobs
    -- when a delayed or retrying job is due
    ADD COLUMN run_at              timestamptz,
    -- when the command of the current attempt went to the outbox; NULL while the job waits for dispatch
    ADD COLUMN dispatched_at       timestamptz,
    -- {type: exponential|fixed, delayMs, maxDelayMs}
    ADD COLUMN backoff             jsonb,
    ADD COLUMN singleton_key       text,
    ADD COLUMN cancel_requested_at timestamptz,
    ADD COLUMN cancel_reason       text,
    -- last heartbeat of the running attempt, and the worker that runs it
    ADD COLUMN heartbeat_at        timestamptz,
    ADD COLUMN worker_id           text,
    -- [{attempt, code, message, at}], one per failed attempt, oldest first
    ADD COLUMN attempt_errors      jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- normalised message + error code + job type of the last failure, for failure groups
    ADD COLUMN error_fingerprint   text,
    ADD COLUMN schedule_id         uuid;

UPDATE jobs SET dispatched_at = created_at;

-- pg-boss singleton semantics: one unfinished job per (type, singleton key)
CREATE UNIQUE INDEX jobs_singleton ON jobs (type, singleton_key)
    WHERE singleton_key IS NOT NULL AND state IN ('queued', 'delayed', 'active', 'retrying');
CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('delayed', 'retrying');
CREATE INDEX jobs_undispatched ON jobs (priority, created_at) WHERE state = 'queued' AND dispatched_at IS NULL;
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE state = 'active';
CREATE INDEX jobs_failure_groups ON jobs (error_fingerprint) WHERE state = 'failed';
CREATE INDEX jobs_finished ON jobs (state, finished_at) WHERE finished_at IS NOT NULL;

-- Idempotency-Key: the same key from the same user within 24 h answers the same job
CREATE TABLE idempotency_keys (
    user_id    text        NOT NULL,
    key        text        NOT NULL,
    job_id     uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- pausing a priority stops dispatch of its jobs; they wait, undispatched, until it resumes
CREATE TABLE queues (
    priority   text PRIMARY KEY,
    paused     boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text
);
INSERT INTO queues (priority) VALUES ('high'), ('normal'), ('low');
