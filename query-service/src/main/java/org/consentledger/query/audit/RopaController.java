package org.consentledger.query.audit;

import static org.consentledger.query.web.SqlArrays.strings;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.contracts.vocabulary.Vocabulary;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.web.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A record of processing activities (GDPR Art. 30(1)) derived from what the app actually reported,
 * not from what it declares: purposes with their legal bases, the categories of data and of data
 * subjects, the recipients (named, with third countries and safeguards), retention, and sources.
 */
@RestController
class RopaController {

    record Controller(String app, String name, String country) {
    }

    record Purpose(String purpose, List<String> legalBases, List<String> categories, long subjects) {
    }

    record DataCategory(String category, boolean specialCategory, long subjects) {
    }

    record Recipient(String app, String name, String country, boolean outsideEea, List<String> safeguards,
                     List<String> categories, long transfers) {
    }

    record Retention(String category, List<String> periods) {
    }

    record Source(String type, String from, String method, List<String> categories) {
    }

    record Ropa(Instant asOf, Controller controller, long dataSubjects, List<Purpose> purposes,
                List<DataCategory> dataCategories, List<Recipient> recipients, List<Retention> retention,
                List<Source> sources, long violations, String basis) {
    }

    private final JdbcTemplate jdbc;
    private final AppDirectory apps;
    private final Clock clock;

    RopaController(JdbcTemplate jdbc, AppDirectory apps, Clock clock) {
        this.jdbc = jdbc;
        this.apps = apps;
        this.clock = clock;
    }

    @Operation(summary = "Record of processing activities (GDPR Art. 30) of one app",
            description = "Derived from the app's reported collections, receipts and transfers up to `asOf`. 404 "
                    + "`UNKNOWN_APP` for an app neither registered nor holding anything.")
    @GetMapping("/api/v1/audit/ropa/{app}")
    Ropa ropa(@PathVariable String app, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        apps.requireKnown(app);
        Timestamp t = Timestamp.from(at);
        Map<String, AppDirectory.AppInfo> directory = apps.all();
        AppDirectory.AppInfo self = AppDirectory.lookup(directory, app);
        Vocabulary vocabulary = Vocabulary.bundled();
        Long subjects = jdbc.queryForObject("select count(distinct subject) from holding where holder = ? and since <= ?",
                Long.class, app, t);
        List<Purpose> purposes = jdbc.query("""
                select p.purpose, array_agg(distinct h.legal_basis) as bases, array_agg(distinct h.category) as categories,
                       count(distinct h.subject) as subjects
                from holding h cross join unnest(h.purposes) as p(purpose)
                where h.holder = ? and h.since <= ? group by p.purpose order by p.purpose""",
                (rs, row) -> new Purpose(rs.getString("purpose"), strings(rs.getArray("bases")),
                        strings(rs.getArray("categories")), rs.getLong("subjects")), app, t);
        List<DataCategory> categories = jdbc.query("""
                select category, count(distinct subject) as subjects from holding
                where holder = ? and since <= ? group by category order by category""",
                (rs, row) -> new DataCategory(rs.getString("category"),
                        vocabulary.isSpecialCategory(rs.getString("category")), rs.getLong("subjects")), app, t);
        List<Recipient> recipients = jdbc.query("""
                select holder, max(recipient_country) as country, array_remove(array_agg(distinct safeguard), null) as safeguards,
                       array_agg(distinct category) as categories, count(distinct (entry_app, entry_id)) as transfers
                from holding where source_type = 'transfer' and source_app = ? and since <= ?
                group by holder order by holder""", (rs, row) -> {
                    AppDirectory.AppInfo recipient = AppDirectory.lookup(directory, rs.getString("holder"));
                    String country = rs.getString("country") != null ? rs.getString("country") : recipient.country();
                    return new Recipient(recipient.appId(), recipient.name(), country,
                            country != null && !Countries.inEea(country), strings(rs.getArray("safeguards")),
                            strings(rs.getArray("categories")), rs.getLong("transfers"));
                }, app, t);
        List<Retention> retention = jdbc.query("""
                select category, array_agg(distinct retention) as periods from holding
                where holder = ? and since <= ? and retention is not null group by category order by category""",
                (rs, row) -> new Retention(rs.getString("category"), strings(rs.getArray("periods"))), app, t);
        List<Source> sources = jdbc.query("""
                select source_type, source_app, method, array_agg(distinct category) as categories from holding
                where holder = ? and since <= ? group by source_type, source_app, method
                order by source_type, source_app, method""",
                (rs, row) -> new Source(rs.getString("source_type"), rs.getString("source_app"), rs.getString("method"),
                        strings(rs.getArray("categories"))), app, t);
        Long violations = jdbc.queryForObject(
                "select count(*) from violation where (entry_app = ? or from_app = ? or to_app = ?) and at <= ?",
                Long.class, app, app, app, t);
        return new Ropa(at, new Controller(self.appId(), self.name(), self.country()), subjects, purposes, categories,
                recipients, retention, sources, violations,
                "Derived from what " + app + " reported to the Consent Ledger; not the app's own declaration.");
    }
}
