-- A singleton key belongs to the user who submitted the job: another user's unfinished job with the same type and key
-- neither blocks a submission nor is named in its 409.
DROP INDEX jobs_singleton;
CREATE UNIQUE INDEX jobs_singleton ON jobs (user_id, type, singleton_key)
    WHERE singleton_key IS NOT NULL AND state IN ('queued', 'delayed', 'active', 'retrying');
