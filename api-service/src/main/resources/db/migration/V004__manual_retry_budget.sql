-- Manual retry (POST /api/jobs/{id}/retry) gives a failed or cancelled job the attempts it was submitted with once
-- more, like BullMQ's job.retry(): max_attempts becomes (the new attempt + attempt_budget - 1). attempt_budget keeps
-- the maxAttempts of the submission, so repeated manual retries do not compound; NULL means max_attempts (never
-- retried by hand).
ALTER TABLE jobs ADD COLUMN attempt_budget integer;

-- cancellations waiting for the worker's acknowledgement, read by the escalation sweep
CREATE INDEX jobs_cancel_requested ON jobs (cancel_requested_at) WHERE state = 'active' AND cancel_requested_at IS NOT NULL;
