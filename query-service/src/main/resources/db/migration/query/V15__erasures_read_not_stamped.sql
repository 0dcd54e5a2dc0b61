-- An erasure no longer rewrites the holdings it covers (non-HOT updates of thousands of rows for one
-- erasure of the busiest subjects, and a subquery into holding_erasure for every inserted holding):
-- a copy's erasure is derived when read from holding_erasure. A stamp no erasure there explains (one
-- projected before V10 kept them) becomes an erasure of its own, of that holder and category then.
insert into holding_erasure (entry_app, entry_id, subject, holder, at, categories)
select '~v15', md5(h.subject || '/' || h.holder || '/' || h.category || '/' || h.erased_at::text),
       h.subject, h.holder, h.erased_at, array[h.category]
from (select distinct subject, holder, category, erased_at from holding where erased_at is not null) h
where not exists (select 1 from holding_erasure x
                  where x.subject = h.subject and x.holder = h.holder and x.at = h.erased_at)
on conflict do nothing;
drop index holding_unerased;
alter table holding drop column erased_at;
