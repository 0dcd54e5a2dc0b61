package org.consentledger.query.apps;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The registered apps' names and countries, to name recipients in reports. */
@Component
@ProcessingGroup(Views.GROUP)
class AppsProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    AppsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc);
    }

    @EventHandler
    void on(AppRegisteredEvent event) {
        writes.upsert("""
                insert into registered_app (app_id, name, country) values (?, ?, ?)
                on conflict (app_id) do update set name = excluded.name, country = excluded.country""", 1,
                event.appId(), event.name(), event.country());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate registered_app");
    }
}
