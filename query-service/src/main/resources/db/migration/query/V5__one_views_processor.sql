-- Every projection runs in one processor, "views" (see platform/Views), so one batch commits all
-- views of an event together. Its token starts empty and it projects every event from the start: the
-- tables it fills start empty too, and the per-view processors it replaces keep no tokens or dead
-- letters that could run next to it.
truncate holding, consent, consent_withdrawal, violation, history_entry, registered_app;
delete from token_entry where processor_name in ('subjects', 'violations', 'history');
delete from DeadLetterEntry where processingGroup in ('subjects', 'violations', 'history');
