-- Where a transfer went and under which safeguard: reports name recipients outside the EEA.
alter table holding add column recipient_country char(2);
alter table holding add column safeguard varchar(16);

-- Registered apps, from AppRegisteredEvent: names and countries for reports.
create table registered_app (
    app_id  varchar(64)  not null primary key,
    name    varchar(200) not null,
    country char(2)      not null
);

-- What one app holds across subjects, paged by (subject, category, entry) keyset.
create index holding_by_holder_keyset on holding (holder, subject, category, entry_app, entry_id);
drop index holding_by_holder;
