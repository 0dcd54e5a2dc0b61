-- Nothing looks an event up by its identifier: Axon reads by global index (processors) and by
-- aggregate and sequence (sourcing), and what makes a report count once is ingested_message and the
-- (aggregate, sequence) key. The identifier is a random UUID; its unique index cost a B-tree insert at
-- a random place for every event (78 MB at a million events), for a uniqueness the UUID already gives.
alter table domain_event_entry drop constraint domain_event_entry_event_identifier_key;
