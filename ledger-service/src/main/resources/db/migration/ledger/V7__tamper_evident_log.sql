-- The tamper-evident log (docs/design.md, "Tamper-evident log").

-- The transaction that stored each event. The log integrates events in the order of (transaction,
-- global index), reading only those of transactions older than every one still running: a
-- transaction still running can only store rows with a later key, so a late commit (a lower global
-- index visible after higher ones) gets a later leaf, never a gap and never a miss, however late.
-- The rows stored before this migration are all of its own transaction, in global index order.
alter table domain_event_entry add column stored_in xid8 not null default pg_current_xact_id();
create index domain_event_entry_stored_in on domain_event_entry (stored_in, global_index);

-- One row per leaf: the stored event it was made from (by global index, so that a row moved, changed
-- or deleted no longer matches), its identifier (inclusion proofs by event id) and the leaf hash.
create table log_leaf (
    leaf_index       bigint not null primary key,
    global_index     bigint not null,
    event_identifier text   not null,
    hash             bytea  not null
);
create unique index log_leaf_event on log_leaf (event_identifier);

-- The hashes of the tree's complete subtrees above the leaves: 2^level leaves from leaf index << level.
create table log_node (
    level smallint not null,
    idx   bigint   not null,
    hash  bytea    not null,
    primary key (level, idx)
);

-- Where integration stands: the key of the last stored event made a leaf, and the tree's size.
create table log_state (
    id                  int    not null primary key check (id = 1),
    stored_in           xid8   not null,
    global_index        bigint not null,
    size                bigint not null
);
insert into log_state (id, stored_in, global_index, size) values (1, '0', 0, 0);

-- The log's Ed25519 key: its name (the origin), public key, and private key wrapped by the master key.
create table log_key (
    id                  int   not null primary key check (id = 1),
    name                text  not null,
    public_key          bytea not null,
    wrapped_private_key text  not null
);

-- Every checkpoint the log signed, and whether it was published on Kafka (ledger.checkpoints).
create table log_checkpoint (
    tree_size bigint      not null primary key,
    note      text        not null,
    signed_at timestamptz not null,
    published boolean     not null default false
);
create index log_checkpoint_unpublished on log_checkpoint (tree_size) where not published;
