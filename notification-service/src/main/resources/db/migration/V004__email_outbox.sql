-- Emails waiting to be sent, being sent, sent or given up on. Callers insert rows in their own transactions (with
-- ids derived from what the email is about, so a repeated insert is a no-op); EmailSender claims due rows with a
-- lease, sends them and records the outcome. A replica that dies mid-send leaves a lease that expires, and another
-- replica sends the row again: at least once, each send carrying the Message-ID <id@jobhub>.

create table email_outbox (
    id               uuid        primary key,
    user_id          text        not null,
    to_address       text        not null,
    subject          text        not null,
    text_body        text        not null,
    html_body        text,
    kind             text        not null check (kind in ('notification', 'digest', 'system')),
    status           text        not null check (status in ('pending', 'sent', 'failed')),
    -- sends started, counted when a row is claimed (a send cut short by a crash counts too)
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    -- while in the future, a sender holds the row; null or past: free to claim
    lease_until      timestamptz,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz not null default now()
);

-- the claim query: due pending rows, oldest due first; sent and failed rows stay out of the index
create index email_outbox_due_idx on email_outbox (next_attempt_at) where status = 'pending';
-- the backlog's count of rows given up on, without reading the sent ones
create index email_outbox_failed_idx on email_outbox (created_at) where status = 'failed';
