-- A person's receipts (the data-access report) prove each of their consent grants and withdrawals:
-- found through this index, not by reading every event of their record (tens of thousands for the
-- busiest, each with its payload). Partial: only consent events are written to it.
create index domain_event_entry_consents on domain_event_entry (aggregate_identifier, sequence_number)
    where payload_type in ('org.consentledger.contracts.consent.ConsentGrantedEvent',
                           'org.consentledger.contracts.consent.ConsentWithdrawnEvent');
