-- Cron schedules, hourly statistics that outlive job rows, and the archive that retention moves old jobs to.

-- A cron schedule: each firing creates a job (jobs.schedule_id) in the transaction that advances next_run_at, so a
-- tick fires once however many replicas run the firing loop (FOR UPDATE SKIP LOCKED on the due rows).
CREATE TABLE schedules (
    id            uuid PRIMARY KEY,
    user_id       text        NOT NULL,
    name          text        NOT NULL,
    -- Unix 5-field cron, evaluated in timezone (an IANA zone id)
    cron          text        NOT NULL,
    timezone      text        NOT NULL,
    job_type      text        NOT NULL,
    payload       jsonb       NOT NULL,
    -- NULL: the submission defaults
    priority      text,
    max_attempts  integer,
    enabled       boolean     NOT NULL,
    -- the tick to fire next; NULL while disabled
    next_run_at   timestamptz,
    last_run_at   timestamptz,
    last_job_id   uuid,
    -- why the last firing created no job (e.g. its payload no longer validates); NULL after a good firing
    last_error    text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL DEFAULT 0
);

CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled;
CREATE INDEX schedules_by_user ON schedules (user_id, created_at);
CREATE INDEX jobs_by_schedule ON jobs (schedule_id) WHERE schedule_id IS NOT NULL;

-- Finished jobs per hour of finished_at, user and type; durations (finished_at - started_at) of completed jobs.
-- Written by an idempotent upsert for complete hours only; retention deletes job rows only below the watermark.
CREATE TABLE job_stats_hourly (
    hour       timestamptz      NOT NULL,
    user_id    text             NOT NULL,
    type       text             NOT NULL,
    completed  integer          NOT NULL,
    failed     integer          NOT NULL,
    cancelled  integer          NOT NULL,
    p50_ms     double precision,
    p95_ms     double precision,
    mean_ms    double precision,
    PRIMARY KEY (hour, user_id, type)
);

CREATE INDEX job_stats_hourly_by_user ON job_stats_hourly (user_id, hour);

-- Bookkeeping of periodic tasks that must run on one replica at a time: the task locks its row
-- (FOR UPDATE SKIP LOCKED; a replica that finds it locked skips the round). rolled_up_to: every hour before it
-- is in job_stats_hourly.
CREATE TABLE rollup_watermarks (
    name          text PRIMARY KEY,
    rolled_up_to  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO rollup_watermarks (name) VALUES ('job_stats_hourly');

CREATE INDEX jobs_finished_at ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX jobs_failure_fingerprints ON jobs (error_fingerprint, user_id)
    WHERE error_fingerprint IS NOT NULL AND state IN ('failed', 'retrying');

-- Jobs removed by retention: the columns of jobs plus archived_at. Retention copies the columns both tables
-- share, so a later migration that adds a column to jobs must add it here too to keep it in the archive.
CREATE TABLE jobs_archive (LIKE jobs INCLUDING DEFAULTS);
ALTER TABLE jobs_archive
    ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now(),
    ADD PRIMARY KEY (id);
CREATE INDEX jobs_archive_by_user ON jobs_archive (user_id, finished_at);
CREATE INDEX jobs_archive_archived ON jobs_archive (archived_at);
