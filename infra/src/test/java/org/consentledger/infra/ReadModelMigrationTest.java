package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consentledger.query.web.SqlArrays;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The read model's migrations to the lighter form (query V15 to V19) on a database of the form before
 * them, in a database of its own on the test PostgreSQL: stamped erasures become erasures the
 * holdings are read against, history entries find their stored events, entries that name none have
 * the history projected again, and the consents copies rest on are named once per set.
 */
class ReadModelMigrationTest {

    private JdbcTemplate db;
    private DriverManagerDataSource source;

    @BeforeEach
    void databaseOfTheFormBefore() {
        DevStack stack = TestStack.shared();
        String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
        TestStack.jdbc(stack.dbUrl()).execute("create database " + name);
        source = new DriverManagerDataSource(stack.dbUrl().replace("/postgres?", "/" + name + "?"));
        db = new JdbcTemplate(source);
        Flyway.configure().dataSource(source).locations("classpath:db/migration/ledger").table("ledger_flyway_history")
                .load().migrate();
        query("14").migrate();
    }

    private Flyway query(String target) {
        return Flyway.configure().dataSource(source).locations("classpath:db/migration/query").schemas("query")
                .table("query_flyway_history").target(target).load();
    }

    @Test
    void stampedErasuresAndCopiedHistoryMigrateToWhatTheReadSideReads() {
        holding("h-1", "user.contact.email", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        holding("h-2", "user.contact.phone", "2026-01-01T00:00:00Z", null);
        db.update("insert into public.domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                + " sequence_number, type, time_stamp, payload_type, payload, leaf_hash) values (41, 'stored-1', 'r-1', 0,"
                + " 'DataSubject', '2026-01-01T00:00:00Z', 'x', '\\x00', '\\x00')");
        history("e-1", "stored-1");
        db.update("insert into query.token_entry (processor_name, segment) values ('views', 0)");

        query("latest").migrate();

        assertThat(db.queryForList("select holder, at, categories::text as categories from query.holding_erasure"))
                .as("the stamp no erasure explained").containsExactly(Map.of("holder", "app-a",
                        "at", java.sql.Timestamp.from(java.time.Instant.parse("2026-02-01T00:00:00Z")),
                        "categories", "{user.contact.email}"));
        assertThat(db.queryForMap("select record, sequence from query.history_entry where entry_id = 'e-1'"))
                .isEqualTo(Map.of("record", "r-1", "sequence", 0L));
        assertThat(columns("holding")).doesNotContain("erased_at");
        assertThat(columns("history_entry")).doesNotContain("data", "global_index").contains("record", "sequence");
        assertThat(db.queryForObject("select count(*) from query.token_entry", Long.class))
                .as("the views keep their position").isEqualTo(1L);
    }

    @Test
    void historyEntriesThatNameNoStoredEventAreProjectedAgain() {
        history("e-old", null);
        db.update("insert into query.token_entry (processor_name, segment) values ('views', 0)");

        query("latest").migrate();

        assertThat(db.queryForObject("select count(*) from query.history_entry", Long.class)).isZero();
        assertThat(db.queryForObject("select count(*) from query.token_entry where processor_name = 'views'", Long.class))
                .as("the views start again from the first event").isZero();
    }

    @Test
    void theConsentsCopiesRestOnBecomeSetsWithTheirEarliestWithdrawal() {
        query("16").migrate();
        consent("c-1", "2026-03-01T00:00:00Z");
        consent("c-2", "2026-02-01T00:00:00Z");
        consent("c-3", null);
        restingOn("h-1", "{c-1,c-2}");
        restingOn("h-2", "{c-1,c-2}");
        restingOn("h-3", "{c-3}");
        restingOn("h-4", "{}");
        restingOn("h-5", "{\"c-\\\"4\\\\\"}");

        query("latest").migrate();

        assertThat(db.queryForList("select set_key from query.consent_set order by consents", String.class))
                .as("keyed as the projection keys them").containsExactlyInAnyOrder(key("c-1", "c-2"), key("c-3"), key(),
                        key("c-\"4\\"));

        assertThat(db.queryForList("select consents::text || ' ' || coalesce(to_char(withdrawn_at at time zone 'UTC',"
                + " 'YYYY-MM-DD'), 'not withdrawn') from query.consent_set order by 1", String.class))
                .containsExactly("{\"c-\\\"4\\\\\"} not withdrawn", "{c-1,c-2} 2026-02-01", "{c-3} not withdrawn",
                        "{} not withdrawn");
        assertThat(db.queryForList("select h.entry_id from query.holding h join query.consent_set s"
                + " on s.subject = h.subject and s.set_key = h.rests_on_key order by 1", String.class))
                .as("every copy names its set").containsExactly("h-1", "h-2", "h-3", "h-4", "h-5");
        assertThat(db.queryForList("select t.copies from query.holding_tally t join query.consent_set s"
                + " on s.subject = t.subject and s.set_key = t.rests_on_key order by 1", Integer.class))
                .as("the tallies keep their sets").containsExactly(1, 1, 1, 2);
        assertThat(columns("holding")).doesNotContain("rests_on");
        assertThat(columns("holding_tally")).doesNotContain("rests_on");
    }

    /** A set's key as the projection computes it: md5 of the consents as bound. */
    private static String key(String... consents) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(SqlArrays.literal(List.of(consents)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void consent(String id, String withdrawnAt) {
        db.update("insert into query.consent (subject, consent_id, controller, purposes, categories, recipients,"
                + " legal_basis, given_at, withdrawn_at) values ('s-1', ?, 'app-a', '{}', '{}', '{}', 'A6-1-a',"
                + " '2026-01-01T00:00:00Z', ?::timestamptz)", id, withdrawnAt);
    }

    private void restingOn(String id, String consents) {
        db.update("insert into query.holding (entry_app, entry_id, subject, holder, category, since, source_type,"
                + " purposes, legal_basis, rests_on) values ('app-a', ?, 's-1', 'app-a', 'user.contact.email',"
                + " '2026-01-01T00:00:00Z', 'collected', '{dpv:ServiceProvision}', 'A6-1-a', ?::text[])", id, consents);
    }

    private void holding(String id, String category, String since, String erasedAt) {
        db.update("insert into query.holding (entry_app, entry_id, subject, holder, category, since, source_type,"
                + " purposes, legal_basis, erased_at) values ('app-a', ?, 's-1', 'app-a', ?, ?::timestamptz, 'collected',"
                + " '{dpv:ServiceProvision}', 'A6-1-b', ?::timestamptz)", id, category, since, erasedAt);
    }

    private void history(String id, String storedEvent) {
        db.update("insert into query.history_entry (entry_app, entry_id, subject, type, time, recorded_at, data,"
                + " stored_event) values ('app-a', ?, 's-1', 'org.consentledger.data.collected.v1',"
                + " '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '{}', ?)", id, storedEvent);
    }

    private List<String> columns(String table) {
        return db.queryForList("select column_name from information_schema.columns where table_schema = 'query'"
                + " and table_name = ?", String.class, table);
    }
}
