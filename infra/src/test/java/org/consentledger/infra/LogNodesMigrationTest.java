package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.consentledger.transparency.Merkle;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The log's migration to subtrees stored from 16 leaves (ledger V10), in a database of its own on
 * the test PostgreSQL: a log of the form before it (subtrees of 256 leaves and more) gets every
 * complete subtree of 16 to 128 leaves, each equal to the hash {@link Merkle} computes from the
 * leaf hashes, and none that is not complete.
 */
class LogNodesMigrationTest {

    @Test
    void aLogStoredFromLevel8GetsItsSubtreesFromLevel4() {
        DevStack stack = TestStack.shared();
        String name = "log_migration_" + UUID.randomUUID().toString().replace("-", "");
        TestStack.jdbc(stack.dbUrl()).execute("create database " + name);
        DriverManagerDataSource source = new DriverManagerDataSource(stack.dbUrl().replace("/postgres?", "/" + name + "?"));
        JdbcTemplate db = new JdbcTemplate(source);
        ledger(source, "9").migrate();
        int size = 1_000 + new Random().nextInt(100);
        List<byte[]> leaves = new ArrayList<>();
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            leaves.add(hash);
            db.update("insert into log_leaf (leaf_index, global_index, event_identifier, hash) values (?, ?, ?, ?)",
                    i, i, "e-" + i, hash);
        }

        ledger(source, "latest").migrate();

        Map<String, byte[]> expected = new HashMap<>();
        List<byte[]> level = leaves;
        for (int l = 1; l <= 7; l++) {
            List<byte[]> above = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                above.add(Merkle.nodeHash(level.get(i), level.get(i + 1)));
            }
            level = above;
            if (l >= 4) {
                for (int i = 0; i < level.size(); i++) {
                    expected.put(l + "/" + i, level.get(i));
                }
            }
        }
        Map<String, byte[]> stored = new HashMap<>();
        db.query("select level, idx, hash from log_node where level between 4 and 7",
                (RowCallbackHandler) rs -> stored.put(rs.getInt(1) + "/" + rs.getLong(2),
                        rs.getBytes(3)));
        assertThat(stored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, hash) -> assertThat(stored.get(key)).as(key).isEqualTo(hash));
    }

    private static Flyway ledger(DriverManagerDataSource source, String target) {
        return Flyway.configure().dataSource(source).locations("classpath:db/migration/ledger")
                .table("ledger_flyway_history").target(target).load();
    }
}
