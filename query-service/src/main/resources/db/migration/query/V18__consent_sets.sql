-- What a copy rests on, named once per subject: a transfer of a long-lived subject rests on hundreds
-- of consents, and copying that list into every holding and every tally was most of what writing
-- them cost and most of what reading a busy subject's summary read. A copy's status needs only
-- whether one of them was withdrawn by the moment asked: the earliest withdrawal among them, kept
-- here as withdrawals arrive (it only ever moves earlier). Keyed by a digest of the consents as the
-- projection sends them, which it computes without parsing them as an array.
create table consent_set (
    subject      text        not null,
    -- md5 of the consents as the projection binds them: {"c-1","c-2"} (SqlArrays.literal), in order
    set_key      text        not null,
    consents     text[]      not null,
    withdrawn_at timestamptz,
    primary key (subject, set_key)
);
-- a withdrawal finds the sets that hold its consent
create index consent_set_by_consent on consent_set using gin (consents);

create function pg_temp.set_key(consents text[]) returns text language sql immutable as $$
    select md5('{' || coalesce((select string_agg('"' || replace(replace(c, '\', '\\'), '"', '\"') || '"', ','
                                                  order by i)
                                from unnest(consents) with ordinality u(c, i)), '') || '}')
$$;

insert into consent_set (subject, set_key, consents)
select distinct on (subject, pg_temp.set_key(rests_on)) subject, pg_temp.set_key(rests_on), rests_on from holding;

update consent_set s set withdrawn_at = (select min(c.withdrawn_at) from consent c
                                         where c.subject = s.subject and c.consent_id = any(s.consents));

alter table holding add column rests_on_key text;
update holding set rests_on_key = pg_temp.set_key(rests_on);
alter table holding alter column rests_on_key set not null;
alter table holding drop column rests_on;
update holding_tally set rests_on_key = pg_temp.set_key(rests_on);
alter table holding_tally drop column rests_on;
