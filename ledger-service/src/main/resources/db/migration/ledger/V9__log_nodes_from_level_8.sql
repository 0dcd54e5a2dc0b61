-- Subtrees below level 8 (up to 128 leaves) are computed from their leaf hashes when a root or proof
-- needs them (StoredLog.LOWEST_STORED_LEVEL): the log keeps one subtree row per 256 leaves, not one per leaf.
delete from log_node where level < 8;
