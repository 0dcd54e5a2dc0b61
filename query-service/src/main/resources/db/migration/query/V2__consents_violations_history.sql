-- The consents each holding rests on (directly or up its transfer chain): a withdrawal of any of
-- them makes the holding due for erasure.
alter table holding add column rests_on text[] not null default '{}';

create table consent (
    subject        varchar(200) not null,
    consent_id     varchar(200) not null,
    controller     varchar(64)  not null,
    purposes       text[]       not null,
    categories     text[]       not null,
    recipients     text[]       not null,
    legal_basis    varchar(16)  not null,
    given_at       timestamptz  not null,
    expires_at     timestamptz,
    withdrawn_at   timestamptz,
    notice_url     text,
    notice_version varchar(100),
    primary key (subject, consent_id)
);

-- Withdrawals as reported, also those that arrive before their grant.
create table consent_withdrawal (
    subject      varchar(200) not null,
    consent_id   varchar(200) not null,
    withdrawn_at timestamptz  not null,
    primary key (subject, consent_id, withdrawn_at)
);

-- One row per flagged collection, transfer or receipt, with all its codes.
create table violation (
    entry_app   varchar(64)  not null,
    entry_id    varchar(200) not null,
    subject     varchar(200) not null,
    kind        varchar(16)  not null,
    transfer_id varchar(200),
    from_app    varchar(64),
    to_app      varchar(64),
    at          timestamptz  not null,
    codes       text[]       not null,
    primary key (entry_app, entry_id)
);
create index violation_by_subject on violation (subject, at);
create index violation_by_time on violation (at);
create index violation_by_app on violation (entry_app, at);

-- Every accepted integration event about a subject.
create table history_entry (
    entry_app   varchar(64)  not null,
    entry_id    varchar(200) not null,
    subject     varchar(200) not null,
    type        varchar(100) not null,
    time        timestamptz  not null,
    recorded_at timestamptz  not null,
    data        jsonb        not null,
    violations  text[]       not null default '{}',
    primary key (entry_app, entry_id)
);
create index history_by_subject on history_entry (subject, time, recorded_at);
