package org.consentledger.ledger.app;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registered apps. Registering again updates name and country and keeps the first registration
 * time. Every registration is also published as an event, in the same transaction, for the read side.
 */
@Repository
public class AppRegistry {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final EventGateway events;

    AppRegistry(JdbcTemplate jdbc, Clock clock, EventGateway events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Registers the app, or updates its name and country; a registration that changes nothing
     * records nothing (no update, no event).
     *
     * @return the app as stored, and whether it was new
     */
    @Transactional
    public Registration register(String appId, String name, String country) {
        Timestamp now = Timestamp.from(clock.instant());
        boolean created = jdbc.update("""
                insert into app (app_id, name, country, registered_at, updated_at) values (?, ?, ?, ?, ?)
                on conflict do nothing""", appId, name, country, now, now) == 1;
        boolean changed = created || jdbc.update("""
                update app set name = ?, country = ?, updated_at = ?
                where app_id = ? and (name, country) is distinct from (?, ?)""", name, country, now, appId, name, country) == 1;
        App app = jdbc.queryForObject("select * from app where app_id = ?", AppRegistry::map, appId);
        if (changed) {
            events.publish(new AppRegisteredEvent(app.appId(), app.name(), app.country(), app.updatedAt()));
        }
        return new Registration(app, created);
    }

    public boolean isRegistered(String appId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from app where app_id = ?)",
                Boolean.class, appId));
    }

    public List<App> findAll() {
        return jdbc.query("select * from app order by app_id", AppRegistry::map);
    }

    /** Every registered app id with its country. */
    public Map<String, String> countries() {
        Map<String, String> countries = new HashMap<>();
        jdbc.query("select app_id, country from app", rs -> {
            countries.put(rs.getString("app_id"), rs.getString("country"));
        });
        return countries;
    }

    public record Registration(App app, boolean created) {
    }

    private static App map(ResultSet rs, int row) throws SQLException {
        return new App(rs.getString("app_id"), rs.getString("name"), rs.getString("country"),
                rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
