-- The attempts this service has taken, by (job, attempt): a command of an attempt listed here is skipped, never run
-- again, on any worker (a command is delivered again after a worker crash, a rebalance or a Kafka retry).
-- A row is written once job.started of the attempt is on the broker and before the command is acknowledged
-- (JobIntake explains why in that order); rows older than the retention (jobhub.worker.fence.retention, 7 days:
-- at least the command topics' retention) are deleted in batches by age (AttemptFenceCleanup).

CREATE TABLE attempt_fences (
    job_id    uuid        NOT NULL,
    attempt   int         NOT NULL,
    worker_id text        NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, attempt)
);

CREATE INDEX attempt_fences_taken_at ON attempt_fences (taken_at);
