-- What the ledger accepts is bounded once, by the JSON Schemas in contracts (validated at ingestion);
-- its own columns hold any string those allow instead of repeating the limits. varchar to text needs
-- no rewrite of the table or its indexes.
alter table ingested_message alter column source type text, alter column message_id type text;
alter table app alter column app_id type text, alter column name type text;
