-- Accesses the read side has recorded and not yet handed to the ledger (docs/design.md, Access log):
-- a read is answered once its accesses are committed here; AccessRelay sends them on the ledger's
-- internal topic and deletes them once the broker has them. The subject's clear id and the access as
-- sent, so that an erasure deletes what is still waiting.
create table access_outbox (
    id      bigint generated always as identity primary key,
    subject text  not null,
    access  bytea not null
);
create index access_outbox_by_subject on access_outbox (subject);
