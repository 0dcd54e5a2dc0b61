-- Tracking tokens of query-service's processors (Axon JdbcTokenStore).
create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    time_stamp     varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

-- One row per (reported collection or transfer, category): who holds what about whom since when,
-- how they got it, and on what basis. Status is derived per as-of moment from since, retention and
-- erased_at, so one row answers every past moment.
create table holding (
    entry_app    varchar(64)  not null,
    entry_id     varchar(200) not null,
    subject      varchar(200) not null,
    holder       varchar(64)  not null,
    category     varchar(200) not null,
    since        timestamptz  not null,
    source_type  varchar(16)  not null,
    source_app   varchar(64),
    transfer_id  varchar(200),
    method       varchar(16),
    purposes     text[]       not null,
    legal_basis  varchar(16)  not null,
    consent_id   varchar(200),
    retention    varchar(64),
    erased_at    timestamptz,
    primary key (entry_app, entry_id, holder, category)
);

create index holding_by_subject on holding (subject, since);
create index holding_by_holder on holding (holder, category);
