package org.consentledger.query.apps;

import java.util.HashMap;
import java.util.Map;
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

    public static AppInfo lookup(Map<String, AppInfo> apps, String appId) {
        return apps.getOrDefault(appId, new AppInfo(appId, appId, null, false));
    }
}
