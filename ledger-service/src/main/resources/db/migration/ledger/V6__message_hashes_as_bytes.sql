-- An app's message id is kept by the first 16 bytes of its keyed hash, as bytes: an index key half
-- the size of the hash's base64 text, compared byte by byte (every claim is a look-up at a random
-- place in this index). A ledger recorded in clear keeps its ids as their bytes: it is refused at
-- startup anyway (ledger_storage.sealed).
do $$
begin
    if (select sealed from ledger_storage where id = 1) then
        alter table ingested_message alter column message_id type bytea
            using substring(decode(translate(message_id, '-_', '+/') || '=', 'base64') from 1 for 16);
    else
        alter table ingested_message alter column message_id type bytea using convert_to(message_id, 'UTF8');
    end if;
end $$;

-- A subject's event is sealed whole, as {"sealed":"<JWE>"}. A ledger sealed member by member (a
-- development build's form, never released) is not read by this version: it is refused at startup
-- like a ledger recorded in clear, rather than failing at the first subject it loads.
update ledger_storage set sealed = false
where exists (select 1 from domain_event_entry
              where type = 'DataSubject'
                and payload_type <> 'org.consentledger.contracts.subject.SubjectForgottenEvent'
                and substring(payload from 1 for 11) <> convert_to('{"sealed":"', 'UTF8'));
