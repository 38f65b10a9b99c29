-- In-app notifications, one per stored job event, and the log of processed event ids that makes the store path
-- idempotent: both rows are written in one transaction, so a redelivered event finds its id here and is skipped.

create table notifications (
    id          uuid        primary key,
    user_id     text        not null,
    kind        text        not null,
    title       text        not null,
    body        text,
    job_id      uuid,
    job_type    text,
    event_id    uuid        not null,
    data        jsonb,
    read_at     timestamptz,
    created_at  timestamptz not null,
    -- a second guard besides processed_events: one notification per event, whatever writes it
    constraint notifications_event_id_key unique (event_id)
);

-- the inbox query: a user's notifications, newest first
create index notifications_user_created_idx on notifications (user_id, created_at desc, id desc);
-- the unread badge: small, because most notifications end up read
create index notifications_user_unread_idx on notifications (user_id) where read_at is null;

create table processed_events (
    event_id      uuid        primary key,
    processed_at  timestamptz not null default now()
);
