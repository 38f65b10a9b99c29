-- Webhooks: users' endpoints, the per-job targets named at submission, the outbox of deliveries and the log of
-- every attempt (dev.jobhub.notify.webhook). Secrets are sealed at rest (service-support CredentialCipher, bound to
-- the row they belong to); the plain secret is shown once, when it is made.

create table webhook_endpoints (
    id                     uuid        primary key,
    user_id                text        not null,
    url                    text        not null,
    -- progress, completed, failed, cancelled ("all" is stored as the four)
    event_types            text[]      not null,
    -- null: every job type
    job_types              text[],
    description            text        not null default '',
    active                 boolean     not null default true,
    -- why the platform switched it off (410 Gone, failing too long); null while active or switched off by its owner
    disabled_reason        text,
    secret                 text        not null,
    -- after a rotation the old secret keeps signing (a second signature) until previous_secret_until
    previous_secret        text,
    previous_secret_until  timestamptz,
    -- the first failed attempt since the last success: failing for longer than disable-after switches it off
    failing_since          timestamptz,
    -- deliveries per second; null: jobhub.notify.webhook.rate-limit
    rate_limit             integer,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now()
);

-- the intake reads the active endpoints of a poll's users; the listing reads a user's endpoints
create index webhook_endpoints_user_idx on webhook_endpoints (user_id, created_at);

-- each user's default secret: it signs the per-job webhooks (webhookUrl on submission)
create table webhook_user_secrets (
    user_id                text        primary key,
    secret                 text        not null,
    previous_secret        text,
    previous_secret_until  timestamptz,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now()
);

-- the webhookUrl of a job's job.queued; its completion or failure goes there. Purged after the retention.
create table webhook_job_targets (
    job_id      uuid        primary key,
    user_id     text        not null,
    url         text        not null,
    created_at  timestamptz not null default now()
);

create index webhook_job_targets_created_idx on webhook_job_targets (created_at);

-- what the webhook intake has seen of each job (dev.jobhub.model.EventOrder), like job_positions for the store path,
-- kept apart so that the two consumer groups never contend for one row
create table webhook_job_positions (
    job_id      uuid        primary key,
    attempt     integer     not null,
    sequence    bigint      not null,
    state       text        not null,
    updated_at  timestamptz not null default now()
);

create index webhook_job_positions_updated_idx on webhook_job_positions (updated_at);

-- One message to one endpoint (or per-job target): the outbox WebhookDispatcher drains. seq orders a job's
-- deliveries to one target: a delivery is claimed only when no earlier one of the same target and job is pending.
create table webhook_deliveries (
    id               uuid        primary key,
    seq              bigserial   not null,
    endpoint_id      uuid        references webhook_endpoints (id) on delete cascade,
    -- the per-job target's URL; null for an endpoint's delivery
    url              text,
    user_id          text        not null,
    job_id           uuid,
    event_id         uuid        not null,
    -- the webhook-id header: the same for every attempt, so receivers can de-duplicate
    message_id       text        not null,
    event_type       text        not null,
    payload          text        not null,
    status           text        not null check (status in ('pending', 'succeeded', 'failed')),
    -- attempts started, counted when claimed
    attempts         integer     not null default 0,
    -- attempts made before the latest redelivery: the retry schedule starts again from there
    schedule_from    integer     not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    check ((endpoint_id is null) <> (url is null))
);

-- a redelivered Kafka record adds nothing
create unique index webhook_deliveries_endpoint_event_uq on webhook_deliveries (endpoint_id, event_id)
    where endpoint_id is not null;
create unique index webhook_deliveries_job_event_uq on webhook_deliveries (job_id, event_id)
    where endpoint_id is null;
-- the claim: due pending rows
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
-- the ordering rule: an earlier pending delivery of the same job
create index webhook_deliveries_pending_job_idx on webhook_deliveries (job_id, seq) where status = 'pending';
-- the delivery log of an endpoint
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, seq);
-- the purge of finished deliveries past their retention
create index webhook_deliveries_finished_idx on webhook_deliveries (updated_at) where status <> 'pending';

-- every attempt, written in the transaction that records its outcome on the delivery
create table webhook_attempts (
    delivery_id       uuid        not null references webhook_deliveries (id) on delete cascade,
    attempt           integer     not null,
    status_code       integer,
    duration_ms       integer     not null,
    -- at most 1 KiB of what the receiver answered
    response_excerpt  text,
    error             text,
    started_at        timestamptz not null,
    -- when the next attempt is due; null if none follows
    next_attempt_at   timestamptz,
    primary key (delivery_id, attempt)
);
