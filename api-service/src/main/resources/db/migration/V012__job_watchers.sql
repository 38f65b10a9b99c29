-- The users who follow a job besides its owner (POST /api/jobs/{id}/watchers). One row per watched job holding the
-- whole list: every change rewrites it under the job's row lock and sends the list with the next sequence to
-- notification-service (job.watchers on notifications.requests, through the outbox in the same transaction), which
-- keeps the list of the highest sequence. A row stays when its list becomes empty, so that its sequence keeps growing
-- and a later list is never taken for an older one; it goes with its job.
CREATE TABLE job_watchers (
    job_id      uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    watchers    text[]      NOT NULL,
    sequence    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
