-- What the views store is bounded once, by the JSON Schemas in contracts that the ledger validates at
-- ingestion; the views' columns hold any string those allow instead of repeating the limits (a view
-- that cannot store an accepted event would stop its batch). varchar to text needs no rewrite of the
-- table or its indexes. The dead-letter queue keeps a parked event's whole cause.
alter table holding
    alter column entry_app type text, alter column entry_id type text, alter column subject type text,
    alter column holder type text, alter column category type text, alter column source_type type text,
    alter column source_app type text, alter column transfer_id type text, alter column method type text,
    alter column legal_basis type text, alter column consent_id type text, alter column retention type text,
    alter column safeguard type text;
alter table consent
    alter column subject type text, alter column consent_id type text, alter column controller type text,
    alter column legal_basis type text, alter column notice_version type text;
alter table consent_withdrawal alter column subject type text, alter column consent_id type text;
alter table violation
    alter column entry_app type text, alter column entry_id type text, alter column subject type text,
    alter column kind type text, alter column transfer_id type text, alter column from_app type text,
    alter column to_app type text;
alter table history_entry
    alter column entry_app type text, alter column entry_id type text, alter column subject type text,
    alter column type type text;
alter table registered_app alter column app_id type text, alter column name type text;
alter table DeadLetterEntry alter column causeMessage type text;
