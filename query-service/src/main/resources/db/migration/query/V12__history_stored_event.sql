-- The stored event's own identifier of each history entry: its leaf in the tamper-evident log is found
-- by it (history entries carry their leafIndex). Entries projected before this migration have none
-- until the views are rebuilt (POST /api/v1/admin/projections/views/rebuild).
alter table history_entry add column stored_event text;
