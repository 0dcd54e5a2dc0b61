-- Subtrees of 16 leaves and more are stored (StoredLog.LOWEST_STORED_LEVEL 4): a proof then reads
-- at most 15 leaf hashes below them instead of up to 254, and a data-access report proves each of
-- the person's consent grants and withdrawals, hundreds for some. The log so far gets its subtrees
-- of 16 to 128 leaves from its leaf hashes (node = SHA-256(0x01 || left || right), RFC 9162).
create temporary table level_hash (level int not null, idx bigint not null, hash bytea not null,
                                   primary key (level, idx));
insert into level_hash select 0, leaf_index, hash from log_leaf;
do $$
begin
    for l in 1..7 loop
        insert into level_hash
        select l, a.idx / 2, sha256('\x01'::bytea || a.hash || b.hash)
        from level_hash a join level_hash b on b.level = l - 1 and b.idx = a.idx + 1
        where a.level = l - 1 and a.idx % 2 = 0;
    end loop;
end $$;
insert into log_node (level, idx, hash) select level, idx, hash from level_hash where level between 4 and 7
on conflict do nothing;
drop table level_hash;
