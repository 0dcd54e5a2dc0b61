-- The holdings summary kept by the projection: per subject, holder and category, per UTC day of the
-- copies' since and per everything a copy's status and the summary's lists depend on (source,
-- purposes, legal basis, retention, the consents it rests on), how many copies and the first and
-- last since. A summary reads a subject's tallies and, for the few days a moment of the question
-- falls in (the asOf, an erasure, a retention's end), that day's copies; never every copy.
create table holding_tally (
    subject     text        not null,
    holder      text        not null,
    category    text        not null,
    day         date        not null,
    source      text        not null,
    purposes    text[]      not null,
    legal_basis text        not null,
    retention   text        not null,
    rests_on    text[]      not null,
    -- keyed by a digest: what a transfer rests on may list hundreds of consents, too long for a key
    rests_on_key text       not null,
    copies      integer     not null,
    first_since timestamptz not null,
    last_since  timestamptz not null,
    primary key (subject, holder, category, day, source, purposes, legal_basis, retention, rests_on_key)
);

insert into holding_tally (subject, holder, category, day, source, purposes, legal_basis, retention, rests_on,
                           rests_on_key, copies, first_since, last_since)
select subject, holder, category, (since at time zone 'UTC')::date,
       case when source_type = 'transfer' then source_app else 'collected' end,
       purposes, legal_basis, coalesce(retention, ''), rests_on, md5(rests_on::text), count(*), min(since), max(since)
from holding
group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
