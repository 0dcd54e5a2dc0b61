-- All projections now run in one processor, "views" (see platform/Views). Its token starts empty, so
-- it projects every event again: clear the tables it fills and drop the old processors' tokens and
-- dead letters.
truncate holding, consent, consent_withdrawal, violation, history_entry, registered_app;
delete from token_entry where processor_name in ('subjects', 'violations', 'history');
delete from DeadLetterEntry where processingGroup in ('subjects', 'violations', 'history');
