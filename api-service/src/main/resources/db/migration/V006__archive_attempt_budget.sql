-- jobs_archive was created LIKE jobs before attempt_budget existed (V004): keep archived rows complete.
ALTER TABLE jobs_archive ADD COLUMN attempt_budget integer;

-- failure groups read failed and retrying jobs by fingerprint (V003's index); V002's failed-only one is redundant
DROP INDEX IF EXISTS jobs_failure_groups;
