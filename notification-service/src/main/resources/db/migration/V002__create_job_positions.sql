-- What the store path has seen of each job: the attempt, sequence and resulting state of the last event that counted
-- under the ordering rule (dev.jobhub.model.EventOrder). A completion of a superseded attempt, a second completion
-- of a duplicate run or a late event is judged against it, so only the final event of the job's latest attempt
-- becomes a notification. Written in the transaction that stores the notifications of the same poll, and purged
-- once no event of the job can still be expected (jobhub.notify.store.position-retention).

create table job_positions (
    job_id      uuid        primary key,
    attempt     integer     not null,
    sequence    bigint      not null,
    state       text        not null,
    updated_at  timestamptz not null default now()
);

-- the purge deletes by age; without the index it would read the whole table every round
create index job_positions_updated_idx on job_positions (updated_at);
