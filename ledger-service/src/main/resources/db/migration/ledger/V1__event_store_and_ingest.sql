-- Axon's JPA event store. Payloads are BYTEA (not OID large objects), see ByteaPostgreSQLDialect.
create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number, type)
);

-- One row per accepted (source, id) pair, written in the same transaction as its events:
-- a redelivery, however late, finds its row and is not recorded twice.
create table ingested_message (
    source      varchar(100) not null,
    message_id  varchar(200) not null,
    recorded_at timestamptz  not null,
    primary key (source, message_id)
);

-- Apps that may report to the ledger.
create table app (
    app_id        varchar(64)  not null primary key,
    name          varchar(200) not null,
    country       char(2)      not null,
    registered_at timestamptz  not null,
    updated_at    timestamptz  not null
);
