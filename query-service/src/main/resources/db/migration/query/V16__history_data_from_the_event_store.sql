-- A history entry no longer copies its event's data as JSON: the data is read from the stored event
-- when served, found by its global index. Entries projected before V12 name no stored event; then
-- the history is projected again from the event store (its rows and the views' position dropped:
-- every other view skips what it already holds, each keyed by the report that made it).
alter table history_entry add column global_index bigint;
do $$
begin
    if to_regclass('public.domain_event_entry') is not null then
        update history_entry h set global_index = d.global_index
        from public.domain_event_entry d where d.event_identifier = h.stored_event;
    end if;
    if exists (select 1 from history_entry where global_index is null) then
        truncate history_entry;
        delete from token_entry where processor_name = 'views';
    end if;
end $$;
alter table history_entry drop column data;
alter table history_entry alter column global_index set not null;
