package org.consentledger.query.apps;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The registered apps' names and countries, to name recipients in reports. A registration is an
 * event without an aggregate, so two of one app may be projected in either order (each is a sequence
 * of its own, maybe in another segment): the later registration wins by its time.
 */
@Component
@ProcessingGroup(Views.GROUP)
class AppsProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    AppsProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(AppRegisteredEvent event) {
        writes.upsert("""
                insert into registered_app (app_id, name, country, updated_at) values (?, ?, ?, ?)
                on conflict (app_id) do update set name = excluded.name, country = excluded.country,
                    updated_at = excluded.updated_at
                where registered_app.updated_at is null or registered_app.updated_at <= excluded.updated_at""", 1,
                event.appId(), event.name(), event.country(), Timestamp.from(event.at()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate registered_app");
    }
}
