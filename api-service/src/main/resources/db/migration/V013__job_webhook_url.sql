-- A job's per-job webhook (an http(s) URL the egress guard let through at submission): every job.queued of the job
-- carries it to notification-service, which delivers the job's final event there. The archive keeps it too, as the
-- owner's own data.
ALTER TABLE jobs ADD COLUMN webhook_url text;
ALTER TABLE jobs_archive ADD COLUMN webhook_url text;
