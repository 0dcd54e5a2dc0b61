package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.web.SqlArrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The projections' batched writes against the real database, connected as the query-service connects. */
class BatchedWritesTest {

    private static final String UPSERT = "insert into batched_write (k, v) values (?, ?) on conflict (k) do update set v = excluded.v";
    private static final String INSERT = BatchedWrites.insertInto("batched_write", "k", "v", "at::timestamptz", "tags::text[]");

    private final JdbcTemplate jdbc = TestStack.jdbc(TestStack.shared().dbUrl() + "&reWriteBatchedInserts=true");

    @BeforeEach
    void emptyTable() {
        jdbc.execute("create table if not exists batched_write (k text primary key, v text not null, at timestamptz, tags text[])");
        jdbc.execute("truncate batched_write");
    }

    @Test
    void aBatchMayUpsertOneRowTwiceAndTheLastWins() {
        inOneBatch(writes -> {
            for (String v : List.of("first", "second", "third")) {
                writes.upsert(UPSERT, 1, "a", v);
                writes.upsert(UPSERT, 1, "b", v);
            }
        });

        assertThat(rows()).containsExactly("a third null []", "b third null []");
    }

    @Test
    void anInsertTakesEachColumnAsOneArrayAndStatementsKeepTheirOrder() {
        Instant at = Instant.parse("2026-02-01T08:00:00.123456Z");
        inOneBatch(writes -> {
            writes.insert(INSERT, "c", "quotes \" and, commas", at, List.of("x", "y,z", "\"q\""));
            writes.update("update batched_write set v = v || ' updated' where k = ?", "c");
            writes.insert(INSERT, "d", "no time, no tags", null, List.of());
            writes.insert(INSERT, "d", "a second row of the same key is skipped", at, List.of("skipped"));
        });

        assertThat(rows()).containsExactly("c quotes \" and, commas updated " + at + " [x, y,z, \"q\"]",
                "d no time, no tags null []");
    }

    private void inOneBatch(Consumer<BatchedWrites> writes) {
        BatchedWrites batched = TestStack.viewBatches(jdbc).writes();
        DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch")).execute(() -> writes.accept(batched));
    }

    private List<String> rows() {
        return jdbc.query("select * from batched_write order by k", (rs, i) -> String.join(" ", rs.getString("k"),
                rs.getString("v"), String.valueOf(rs.getTimestamp("at") == null ? null : rs.getTimestamp("at").toInstant()),
                String.valueOf(SqlArrays.strings(rs.getArray("tags")))));
    }
}
