package org.consentledger.query.apps;

import java.util.HashMap;
import java.util.Map;
import org.consentledger.query.web.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Names and countries of registered apps, for the views that name them. */
@Repository
public class AppDirectory {

    /** What the read side knows of an app; an unregistered app has its id as name and no country. */
    public record AppInfo(String appId, String name, String country, boolean registered) {
    }

    private final JdbcTemplate jdbc;

    AppDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, AppInfo> all() {
        Map<String, AppInfo> apps = new HashMap<>();
        jdbc.query("select * from registered_app", rs -> {
            apps.put(rs.getString("app_id"), new AppInfo(rs.getString("app_id"), rs.getString("name"),
                    rs.getString("country"), true));
        });
        return apps;
    }

    /**
     * Refuses an app the ledger knows nothing of (neither registered nor holding anything): a typo
     * answers 404 instead of an empty record that looks like a real answer.
     */
    public void requireKnown(String appId) {
        Boolean known = jdbc.queryForObject("""
                select exists (select 1 from registered_app where app_id = ?)
                    or exists (select 1 from holding where holder = ?)""", Boolean.class, appId, appId);
        if (!Boolean.TRUE.equals(known)) {
            throw new NotFoundException("UNKNOWN_APP", "app '" + appId + "' is neither registered nor named as a holder "
                    + "in any report");
        }
    }

    public static AppInfo lookup(Map<String, AppInfo> apps, String appId) {
        return apps.getOrDefault(appId, new AppInfo(appId, appId, null, false));
    }
}
