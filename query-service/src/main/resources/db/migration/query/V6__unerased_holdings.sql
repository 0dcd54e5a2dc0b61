-- An erasure stamps the holder's not yet erased holdings of the subject. Through the other indexes it
-- read every holding the holder ever had of the subject, erased or not: at a million events thousands
-- of rows for each erasure of the busiest subjects. This index holds only the unerased ones.
create index holding_unerased on holding (subject, holder) where erased_at is null;
