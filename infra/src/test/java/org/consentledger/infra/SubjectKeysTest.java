package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SubjectKeys;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The ledger's keys on a database of their own (on the test stack's PostgreSQL): a ledger recorded in
 * clear, or in a development build's sealed form, is refused with what to do, a wrong master key is refused at startup, and a rotation rewraps
 * every data key so that only the new master key opens them.
 */
class SubjectKeysTest {

    private static final MasterKey ONE = MasterKey.of(MasterKey.generate(), null);
    private static final MasterKey TWO = MasterKey.of(MasterKey.generate(), null);

    @Test
    void aLedgerRecordedInClearIsRefusedWithWhatToDo() {
        String url = ledgerWithOneEvent("4", "{\"subject\":\"s-1\"}");
        migrate(url);

        assertThatThrownBy(() -> keys(url, ONE).verified()).hasMessageContaining("recorded before")
                .hasMessageContaining("new database");
    }

    @Test
    void aLedgerSealedMemberByMemberIsRefusedWithWhatToDoAndItsClaimsKept() {
        String url = ledgerWithOneEvent("5", "{\"subject\":\"eyJ...\",\"origin\":\"eyJ...\"}");
        String hash = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        TestStack.jdbc(url).update("insert into ingested_message (source, message_id, recorded_at) values ('a', ?, now())", hash);
        migrate(url);

        assertThatThrownBy(() -> keys(url, ONE).verified()).hasMessageContaining("member by member")
                .hasMessageContaining("new database");
        assertThat(TestStack.jdbc(url).queryForObject("select encode(message_id, 'hex') from ingested_message", String.class))
                .as("a claim kept by the first 16 bytes of its hash").isEqualTo("00".repeat(16));
    }

    @Test
    void aMasterKeyOtherThanTheLedgersIsRefusedAtStartup() {
        String url = database();
        migrate(url);
        keys(url, ONE).verified();

        assertThatThrownBy(() -> keys(url, TWO).verified()).hasMessageContaining("is not the one");
        keys(url, ONE).verified();
    }

    @Test
    void aRotationRewrapsEveryDataKeySoThatOnlyTheNewMasterKeyOpensThem() {
        String url = database();
        migrate(url);
        SubjectKeys before = keys(url, ONE).verified();
        String alice = before.recordOrStart("alice", Instant.now());
        String bob = before.recordOrStart("bob", Instant.now());
        byte[] aliceKey = before.keyOf(alice).orElseThrow();

        SubjectKeys after = before.rotatedTo(TWO);

        assertThat(keys(url, TWO).verified().keyOf(alice)).contains(aliceKey);
        assertThat(keys(url, TWO).verified().recordOf("bob")).as("every subject is found as before").contains(bob);
        assertThat(after.recordOf("alice")).contains(alice);
        assertThatThrownBy(() -> keys(url, ONE).verified()).hasMessageContaining("is not the one");
    }

    private static SubjectKeys keys(String url, MasterKey master) {
        return new SubjectKeys(new DataSourceConnectionProvider(new DriverManagerDataSource(url)), master, 10);
    }

    /** A new database migrated up to {@code version}, holding one subject's event with {@code payload}. */
    private static String ledgerWithOneEvent(String version, String payload) {
        String url = database();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/ledger")
                .table("ledger_flyway_history").target(version).load().migrate();
        TestStack.jdbc(url).update("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                    payload_type, payload_revision, payload)
                values ('e-1', 'r-1', 0, 'DataSubject', '2026-01-01T00:00:00Z',
                    'org.consentledger.contracts.dataflow.DataCollectedEvent', '1', convert_to(?, 'UTF8'))""", payload);
        return url;
    }

    private static void migrate(String url) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/ledger")
                .table("ledger_flyway_history").load().migrate();
    }

    /** A new, empty database on the stack's PostgreSQL. */
    private static String database() {
        DevStack stack = TestStack.shared();
        String name = "keys_" + UUID.randomUUID().toString().replace("-", "");
        TestStack.jdbc(stack.dbUrl()).execute("create database " + name);
        return stack.dbUrl().replace("/postgres", "/" + name);
    }
}
