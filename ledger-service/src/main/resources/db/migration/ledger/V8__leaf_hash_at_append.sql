-- Each event's leaf hash in the tamper-evident log, computed where it is appended (its stored bytes
-- are at hand there), so that the log's writer reads 50 bytes per event instead of the payload. The
-- log checks rows against their leaves from the rows' contents, never from this column; a row
-- without it (stored before this migration, or by hand) is hashed by the writer.
alter table domain_event_entry add column leaf_hash bytea;
