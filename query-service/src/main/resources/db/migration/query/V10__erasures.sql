-- Every erasure the holdings view has seen, so that a holding it covers is stamped whatever order the
-- two arrive in (reports of one subject come from several apps' topics): a holding inserted after its
-- erasure takes the earliest erasure covering it, and an erasure earlier than one already stamped
-- moves the stamp back. Keyed like the report that made it.
create table holding_erasure (
    entry_app  text        not null,
    entry_id   text        not null,
    subject    text        not null,
    holder     text        not null,
    at         timestamptz not null,
    categories text[]      not null,
    primary key (entry_app, entry_id)
);
create index holding_erasure_by_holder on holding_erasure (subject, holder, at);
