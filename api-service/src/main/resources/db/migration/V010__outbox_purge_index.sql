-- Sent rows kept for inspection (jobhub.outbox.retain-sent > 0) are purged by age: an index, not a scan.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
