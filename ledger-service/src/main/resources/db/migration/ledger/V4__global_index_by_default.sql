-- Events are appended through Axon's JDBC engine, which leaves the global index to the column: each
-- row takes the sequence's next value as it is inserted, in the order of the statement's rows.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
