-- A sealed payload is ciphertext: PostgreSQL's compression of values over 2 KB cannot shrink it and
-- only costs the attempt. Stored out of line uncompressed instead (new rows; old rows keep their form).
alter table domain_event_entry alter column payload set storage external;
alter table snapshot_event_entry alter column payload set storage external;
