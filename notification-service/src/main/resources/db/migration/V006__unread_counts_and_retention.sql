-- Each user's unread count (the inbox badge and the unread_count message), kept current by triggers instead of
-- counted on every read: the store path announced a fresh count with every poll that stored a notification, and
-- counting a user with 20,000 unread rows cost about 5 ms each time. Triggers, not application code, because every
-- path that changes a notification must move the count (the store path, read, unread, read-all, delete, the
-- retention purge), and a path that forgot would leave the badge wrong for good.
CREATE TABLE unread_counts (
    user_id  text   PRIMARY KEY,
    unread   bigint NOT NULL
);
INSERT INTO unread_counts (user_id, unread)
SELECT user_id, count(*) FROM notifications WHERE read_at IS NULL AND shown GROUP BY user_id;

-- Statement-level, with transition tables: a poll that stores 1,000 notifications moves each user's count once.
-- The table is named with its schema: a trigger runs with the search path of whoever writes, not Flyway's.
-- Users are upserted in user_id order, so two transactions moving the same users lock their rows in the same order
-- and cannot deadlock on them.
CREATE FUNCTION unread_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO notify.unread_counts AS c (user_id, unread)
        SELECT user_id, count(*) FROM added WHERE read_at IS NULL AND shown GROUP BY user_id ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO notify.unread_counts AS c (user_id, unread)
        SELECT user_id, -count(*) FROM removed WHERE read_at IS NULL AND shown GROUP BY user_id ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread;
    ELSE
        INSERT INTO notify.unread_counts AS c (user_id, unread)
        SELECT user_id, sum(change) FROM (
            SELECT user_id, 1 AS change FROM added WHERE read_at IS NULL AND shown
            UNION ALL
            SELECT user_id, -1 FROM removed WHERE read_at IS NULL AND shown) moved
         GROUP BY user_id HAVING sum(change) <> 0 ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET unread = c.unread + excluded.unread;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER unread_counts_on_insert AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_follow();
CREATE TRIGGER unread_counts_on_update AFTER UPDATE ON notifications
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_follow();
CREATE TRIGGER unread_counts_on_delete AFTER DELETE ON notifications
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION unread_counts_follow();

-- Retention (dev.jobhub.notify.inapp.NotificationRetention): what it deletes by age, found by age.
CREATE INDEX notifications_created_idx ON notifications (created_at);
CREATE INDEX processed_events_processed_idx ON processed_events (processed_at);
CREATE INDEX email_outbox_done_idx ON email_outbox (created_at) WHERE status <> 'pending';

-- "Why was I not notified?": each event that would have made a notification but did not count under the ordering
-- rule, with the rule's verdict (dev.jobhub.notify.explain). One row per event: a redelivery records nothing new.
CREATE TABLE notification_suppressions (
    event_id    uuid        PRIMARY KEY,
    user_id     text        NOT NULL,
    job_id      uuid        NOT NULL,
    event_type  text        NOT NULL,
    attempt     integer     NOT NULL,
    sequence    bigint      NOT NULL,
    reason      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_suppressions_job_idx ON notification_suppressions (job_id);
CREATE INDEX notification_suppressions_created_idx ON notification_suppressions (created_at);

-- Presence-aware email (a choice in the profile): while the user has a live WebSocket or SSE connection, the email of
-- a new notification waits a grace period and is dropped if the notification is read (or deleted) meanwhile.
ALTER TABLE user_profiles ADD COLUMN presence_aware_email boolean NOT NULL DEFAULT false;
-- Who is online, per notifier instance: each instance refreshes the rows of its connected users who chose
-- presence-aware email (dev.jobhub.notify.push.PresenceTracker); a row not refreshed for a while is stale, so an
-- instance that died stops counting by itself.
CREATE TABLE presence (
    user_id      text        NOT NULL,
    instance_id  uuid        NOT NULL,
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, instance_id)
);
-- an email held while its user was online: which notification it tells, so that reading it can drop the email
ALTER TABLE email_outbox ADD COLUMN notification_id uuid;
ALTER TABLE email_outbox ADD COLUMN held_while_online boolean NOT NULL DEFAULT false;
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_status_check;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
CREATE INDEX email_outbox_held_idx ON email_outbox (next_attempt_at) WHERE status = 'pending' AND held_while_online;
