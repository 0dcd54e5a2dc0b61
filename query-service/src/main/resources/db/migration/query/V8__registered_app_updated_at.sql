-- Registrations of one app are events without an aggregate, so the views may project them in any
-- order (each is a sequence of its own, possibly in another segment): the latest registration wins
-- by its time, not by the order in which it was projected. A row without a time takes the next
-- registration of its app (or a rebuild fills it).
alter table registered_app add column updated_at timestamptz;
