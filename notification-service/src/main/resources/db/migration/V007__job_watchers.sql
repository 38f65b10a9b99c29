-- The users who follow a job besides its owner, as api-service last announced them (job.watchers on
-- notifications.requests). A message replaces the list only if its sequence is higher than the stored one, so
-- redelivered and late messages change nothing. The store path reads the lists of a poll's jobs with one lookup by
-- primary key and copies each event (and the final notification) to every watcher. A list is forgotten once
-- neither it nor its job has moved for the position retention (JobPositionPurge).
CREATE TABLE job_watchers (
    job_id      uuid        PRIMARY KEY,
    watchers    text[]      NOT NULL,
    sequence    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_watchers_updated_idx ON job_watchers (updated_at);
