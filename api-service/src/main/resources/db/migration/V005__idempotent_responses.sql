-- Idempotency-Key replays answer with the very body of the first answer, and a key reused for a different
-- request is refused (IETF draft "The Idempotency-Key HTTP Header Field": 422).
ALTER TABLE idempotency_keys
    ADD COLUMN request_hash text,
    ADD COLUMN response     jsonb;

-- the periodic cleanup deletes keys older than 24 h
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
