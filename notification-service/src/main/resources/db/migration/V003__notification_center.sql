-- The notification center: one naming scheme for notification types, preferences per user x type x channel (with
-- the digest schedule of the email channel), the user's profile (where email goes), and the delivery log of every
-- notification on every channel.

-- Types are snake_case words, as the API shows them: job.completed and job.failed sat beside document_processed.
UPDATE notifications SET kind = replace(kind, '.', '_') WHERE kind IN ('job.completed', 'job.failed');
ALTER TABLE notifications RENAME COLUMN kind TO type;
ALTER TABLE notifications RENAME COLUMN body TO message;
-- A notification its user switched off in-app is still stored, for its other channels and its delivery log, but the
-- center does not show it.
ALTER TABLE notifications ADD COLUMN shown boolean NOT NULL DEFAULT true;

DROP INDEX notifications_user_created_idx;
DROP INDEX notifications_user_unread_idx;
CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC) WHERE shown;
CREATE INDEX notifications_user_unread_idx ON notifications (user_id) WHERE read_at IS NULL AND shown;

-- The types there are, and which of them an admin made critical: a critical type cannot be switched off and is
-- never held for a digest.
CREATE TABLE notification_types (
    type        text        PRIMARY KEY,
    critical    boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text
);
INSERT INTO notification_types (type, critical) VALUES
    ('job_completed', false), ('job_failed', false), ('job_cancelled', false), ('document_processed', false),
    ('system', true), ('invitation', false);

-- A user's choice per type and channel. Rows are created with the defaults on first use; a missing row means the
-- defaults (enabled, immediate). The digest fields only mean something on the email channel.
CREATE TABLE notification_preferences (
    id              uuid        PRIMARY KEY,
    user_id         text        NOT NULL,
    type            text        NOT NULL REFERENCES notification_types (type),
    channel         text        NOT NULL CHECK (channel IN ('in_app', 'email')),
    enabled         boolean     NOT NULL DEFAULT true,
    digest          text        NOT NULL DEFAULT 'immediate'
                                CHECK (digest IN ('immediate', 'hourly', 'daily', 'weekly')),
    digest_hour     smallint    NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    -- ISO day of week, 1 = Monday
    digest_weekday  smallint    NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7),
    timezone        text        NOT NULL DEFAULT 'UTC',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notification_preferences_choice UNIQUE (user_id, type, channel)
);

-- Where a user's email goes: the JWT's email claim, refreshed whenever the user calls the API, unless the user set
-- an address of their own.
CREATE TABLE user_profiles (
    user_id       text        PRIMARY KEY,
    email         text,
    email_source  text        CHECK (email_source IN ('token', 'user')),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- What became of each notification on each channel. An email delivery points at its message in the email outbox
-- once there is one (at once, or when its digest is made); until then a digest's delivery waits here for digest_due_at.
CREATE TABLE notification_deliveries (
    id               uuid        PRIMARY KEY,
    notification_id  uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id          text        NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('in_app', 'email')),
    status           text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    reason           text,
    email_id         uuid,
    digest           text,
    digest_due_at    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notification_deliveries_once UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_email_idx ON notification_deliveries (email_id) WHERE email_id IS NOT NULL;
-- the digest queue: deliveries held for a digest, by when it is due
CREATE INDEX notification_deliveries_digest_idx ON notification_deliveries (digest_due_at, user_id)
    WHERE status = 'pending' AND email_id IS NULL;

-- The live stream of each user (WebSocket and SSE): every message a client is sent, in one order for all notifier
-- instances, kept for a while so that a client that reconnects with the id of the last message it got receives what
-- it missed. Writers append under one transaction-scoped advisory lock, so seq grows in commit order and a reader
-- that follows seq misses nothing.
CREATE TABLE stream_messages (
    seq         bigserial   PRIMARY KEY,
    -- the id clients see and resume from: a job event's own id, or the id of a notification's message
    id          uuid        NOT NULL UNIQUE,
    user_id     text        NOT NULL,
    job_id      uuid,
    type        text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_messages_user_idx ON stream_messages (user_id, seq);
CREATE INDEX stream_messages_created_idx ON stream_messages (created_at);
