package org.consentledger.query.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.consentledger.infra.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** App registrations are sequences of their own, so the views may project two of one app in either order. */
class AppsProjectionTest {

    private final JdbcTemplate jdbc = TestStack.jdbc(TestStack.shared().dbUrl() + "&currentSchema=query");
    private final AppsProjection apps = new AppsProjection(jdbc, TestStack.viewBatches(jdbc));

    @Test
    void theLaterRegistrationWinsWhicheverIsProjectedLast() {
        String app = "order-" + UUID.randomUUID().toString().substring(0, 8);
        Instant registered = Instant.parse("2026-01-01T08:00:00Z");

        apps.on(new AppRegisteredEvent(app, "Renamed", "NL", registered.plusSeconds(60)));
        apps.on(new AppRegisteredEvent(app, "Original", "DE", registered));

        assertThat(jdbc.queryForObject("select name || ' ' || country from registered_app where app_id = ?",
                String.class, app)).isEqualTo("Renamed NL");
    }
}
