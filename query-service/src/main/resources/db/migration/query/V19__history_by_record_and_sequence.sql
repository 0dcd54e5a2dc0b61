-- A history entry found its stored event by the views' position when it was projected, which for an
-- event committed after later ones (filling a gap in the global index) is the later event's: such an
-- entry showed another event's data or none. It names its event by record and sequence number now.
-- Entries whose event is not found have the history projected again (as in V16).
alter table history_entry add column record text, add column sequence bigint;
do $$
begin
    if to_regclass('public.domain_event_entry') is not null then
        update history_entry h set record = d.aggregate_identifier, sequence = d.sequence_number
        from public.domain_event_entry d where d.event_identifier = h.stored_event;
    end if;
    if exists (select 1 from history_entry where record is null) then
        truncate history_entry;
        delete from token_entry where processor_name = 'views';
    end if;
end $$;
alter table history_entry drop column global_index;
alter table history_entry alter column record set not null, alter column sequence set not null;
