-- Registrations of one app are events without an aggregate, so the views may project them in any
-- order (each is a sequence of its own, possibly in another segment): the latest registration wins
-- by its time, not by the order in which it was projected. Rows from before have none until the app
-- registers again or the views are rebuilt.
alter table registered_app add column updated_at timestamptz;
