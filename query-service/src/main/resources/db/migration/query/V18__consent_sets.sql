-- What a copy rests on, named once per subject: a transfer of a long-lived subject rests on hundreds
-- of consents, and copying that list into every holding and every tally was most of what writing
-- them cost and most of what reading a busy subject's summary read. A copy's status needs only
-- whether one of them was withdrawn by the moment asked: the earliest withdrawal among them, kept
-- here as withdrawals arrive (it only ever moves earlier).
create table consent_set (
    subject      text        not null,
    -- md5 of the consents' text form, as holding_tally.rests_on_key already was
    set_key      text        not null,
    consents     text[]      not null,
    withdrawn_at timestamptz,
    primary key (subject, set_key)
);

insert into consent_set (subject, set_key, consents)
select distinct on (subject, md5(rests_on::text)) subject, md5(rests_on::text), rests_on from holding;

update consent_set s set withdrawn_at = (select min(c.withdrawn_at) from consent c
                                         where c.subject = s.subject and c.consent_id = any(s.consents));

alter table holding add column rests_on_key text;
update holding set rests_on_key = md5(rests_on::text);
alter table holding alter column rests_on_key set not null;
alter table holding drop column rests_on;
alter table holding_tally drop column rests_on;
