package org.consentledger.ledger.ingest.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which failures of a batch are its records' fault (bisected and dead-lettered) and which are retried. */
class FailuresTest {

    @ParameterizedTest
    @CsvSource({
        "22021, false", // invalid byte sequence (a NUL)
        "22008, false", // datetime field overflow (a year 0)
        "22001, false", // string too long
        "23502, false", // not null violation
        "54000, false", // program limit (an index row too large)
        "23505, true",  // unique violation: another instance appended to the subject at a rebalance
        "08006, true",  // connection failure
        "53100, true",  // disk full
        "57P01, true",  // administrator shutdown
        "40001, true",  // serialization failure
        "42P01, true",  // undefined table: a broken deployment, not a record
    })
    void theSqlStateOfTheFirstSqlErrorDecides(String state, boolean transientFailure) {
        SQLException sql = new SQLException("refused", state);
        assertThat(Failures.isTransient(new DataIntegrityViolationException("in a statement", sql)))
                .isEqualTo(transientFailure);
        assertThat(Failures.isTransient(new CommandExecutionException("in the aggregate", new IllegalStateException(sql))))
                .isEqualTo(transientFailure);
    }

    @Test
    void withoutAnSqlErrorTheDatabaseAndTheBrokerAreTransientAndAnythingElseIsTheRecords() {
        assertThat(Failures.isTransient(new CannotGetJdbcConnectionException("pool exhausted",
                new SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(Failures.isTransient(new TimeoutException("broker away"))).isTrue();
        assertThat(Failures.isTransient(new IllegalArgumentException("the aggregate refused it"))).isFalse();
        assertThat(Failures.isTransient(new CommandExecutionException("serializer", new NullPointerException()))).isFalse();
    }
}
