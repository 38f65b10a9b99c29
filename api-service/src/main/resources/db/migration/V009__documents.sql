-- Uploaded documents and their vectorization (document.vectorize jobs).

CREATE TABLE documents (
    id            uuid PRIMARY KEY,
    user_id       text        NOT NULL,
    -- the uploaded name, reduced to its last path segment without control characters
    filename      text        NOT NULL,
    file_size     bigint      NOT NULL,
    -- detected from the content: text/plain, text/markdown, text/html or application/pdf
    mime_type     text        NOT NULL,
    -- the uploader's own JSON object, returned as given
    metadata      jsonb       NOT NULL DEFAULT '{}',
    status        text        NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
    job_id        uuid        NOT NULL,
    error_message text,
    chunk_count   int,
    vector_count  int,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    processed_at  timestamptz
);

CREATE INDEX documents_by_user ON documents (user_id, created_at DESC, id DESC);
CREATE INDEX documents_newest ON documents (created_at DESC, id DESC);
CREATE UNIQUE INDEX documents_by_job ON documents (job_id);

-- The uploaded bytes, apart from the record so that listing documents never reads them. Kept while the document
-- exists, so that a retried job can read them again.
CREATE TABLE document_files (
    document_id uuid  PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    content     bytea NOT NULL
);

-- The upload path's one door, like connection_credentials: worker-service reads a document's bytes here, for the
-- job's document id and owner, and nothing else of this schema (README, "Data access between services").
CREATE VIEW document_sources AS
SELECT d.id, d.user_id, d.filename, d.mime_type, d.file_size, f.content
  FROM documents d
  JOIN document_files f ON f.document_id = d.id;

-- A document's status follows its job. The job changes state along many paths (events from the worker,
-- cancellation, retries, stall recovery, the platform failing it); one trigger keeps the document in step with all
-- of them, in the same transaction. The job's retention may later delete the job: the document keeps its outcome.
-- When the outcome is final, a document.processed message for notification-service goes to the outbox (topic
-- notifications.requests, keyed by user id), in that transaction too, so it is neither lost nor sent for an outcome
-- that was rolled back.
CREATE FUNCTION documents_follow_job() RETURNS trigger
    LANGUAGE plpgsql
    -- this schema's tables, whatever the search path of the session that changed the job
    SET search_path FROM CURRENT
AS $$
DECLARE
    doc      documents%ROWTYPE;
    final    boolean := NEW.state IN ('completed', 'failed', 'cancelled');
    event_id uuid := gen_random_uuid();
    at       timestamptz := coalesce(NEW.finished_at, now());
BEGIN
    UPDATE documents
       SET status        = CASE NEW.state
                               WHEN 'active' THEN 'processing'
                               WHEN 'completed' THEN 'completed'
                               WHEN 'failed' THEN 'failed'
                               WHEN 'cancelled' THEN 'failed'
                               ELSE 'queued' END,
           started_at    = NEW.started_at,
           processed_at  = CASE WHEN final THEN at END,
           error_message = CASE
                               WHEN NEW.state = 'failed' THEN coalesce(NEW.error ->> 'message', 'failed')
                               WHEN NEW.state = 'cancelled' THEN 'cancelled'
                                   || coalesce(': ' || NEW.cancel_reason, '') END,
           chunk_count   = CASE WHEN NEW.state = 'completed' THEN (NEW.result ->> 'chunks')::int END,
           vector_count  = CASE WHEN NEW.state = 'completed' THEN (NEW.result ->> 'vectorCount')::int END
     WHERE job_id = NEW.id
    RETURNING * INTO doc;

    IF FOUND AND final AND OLD.state IS DISTINCT FROM NEW.state THEN
        INSERT INTO outbox (topic, message_key, message_id, headers, payload, created_at)
        VALUES ('notifications.requests', doc.user_id, event_id,
                jsonb_build_object(
                    'ce_specversion', '1.0',
                    'ce_id', event_id::text,
                    'ce_source', '/jobhub/api-service',
                    'ce_type', 'document.processed',
                    'ce_time', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    'ce_subject', doc.id::text,
                    'content-type', 'application/json'),
                convert_to(jsonb_build_object(
                    'id', event_id,
                    'type', 'document.processed',
                    'version', 1,
                    'occurredAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    'userId', doc.user_id,
                    'documentId', doc.id,
                    'jobId', doc.job_id,
                    'filename', doc.filename,
                    'status', doc.status,
                    'error', doc.error_message,
                    'chunkCount', doc.chunk_count,
                    'vectorCount', doc.vector_count,
                    'processedAt', to_char(doc.processed_at AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'UTF8'),
                now());
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_follow_jobs
    AFTER UPDATE ON jobs
    FOR EACH ROW
    WHEN (NEW.type = 'document.vectorize' AND (OLD.state IS DISTINCT FROM NEW.state
                                               OR OLD.result IS DISTINCT FROM NEW.result
                                               OR OLD.started_at IS DISTINCT FROM NEW.started_at))
    EXECUTE FUNCTION documents_follow_job();
