-- Which subject each record (the surrogate the ledger stores a subject's events under) is about:
-- when a record is forgotten, its event names no subject, and this says whose rows to delete.
create table subject_record (
    record  text not null primary key,
    subject text not null
);
