-- Subjects are stored by record (a random surrogate), never by their id. A subject's record and data
-- key are found by a keyed hash of its id (HMAC under the master key); the key is stored wrapped by
-- the master key. Deleting the row forgets the subject: its events stay, sealed, and open no more.
create table subject_key (
    record      text        not null primary key,
    lookup      bytea       not null unique,
    wrapped_key text        not null,
    started_at  timestamptz not null
);

-- Who was forgotten, by the keyed hash alone: their endpoints answer 410 until they are reported again.
create table forgotten_subject (
    lookup       bytea       not null primary key,
    forgotten_at timestamptz not null
);

-- Records forgotten, so that every instance drops their keys and state from memory.
create table forgotten_record (
    record       text        not null primary key,
    forgotten_at timestamptz not null
);
create index forgotten_record_at on forgotten_record (forgotten_at);

-- One value sealed with the master key when the ledger was created: a different key is refused at startup.
-- The key of the lookup hash, random and wrapped by the master key, so that a rotation keeps every hash.
-- "sealed" is false for a ledger whose events were recorded in clear before this migration: it is not
-- started (the services say what to do), so clear and sealed records are never mixed.
create table ledger_storage (
    id               int     not null primary key check (id = 1),
    master_key_check text,
    lookup_key       text,
    sealed           boolean not null
);
insert into ledger_storage (id, sealed)
select 1, not exists (select 1 from domain_event_entry where type = 'DataSubject');
