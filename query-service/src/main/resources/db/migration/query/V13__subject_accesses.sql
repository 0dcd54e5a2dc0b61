-- Who read each subject's data (the Access log): one row per recorded access, newest first by subject.
-- access_id makes a redelivered access event projected once.
create table subject_access (
    access_id text        not null primary key,
    subject   text        not null,
    at        timestamptz not null,
    role      text        not null,
    accessor  text        not null,
    endpoint  text        not null,
    purpose   text
);
create index subject_access_by_subject on subject_access (subject, at desc);
