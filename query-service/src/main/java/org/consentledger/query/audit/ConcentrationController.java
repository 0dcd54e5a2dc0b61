package org.consentledger.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.web.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConcentrationController {

    /**
     * One app's reach: how many people it holds data of, how many kinds of data, from how many other
     * apps; {@code meanShare} its average share of those people's data (the holder-category pairs of
     * each person), {@code meanConcentration} the average Herfindahl-Hirschman index of those people
     * (sum of squared holder shares: 1 when one app holds everything about a person).
     */
    record AppConcentration(String app, String name, String country, long subjects, long categories, long sources,
                            double meanShare, double meanConcentration, boolean superAppRisk) {
    }

    record ConcentrationResponse(Instant asOf, long subjects, double meanConcentration, int superAppCategories,
                                 double superAppShare, List<AppConcentration> apps) {
    }

    private static final String SQL = """
            with live as (
                select h.subject, h.holder, h.category, h.source_app from holding h
                where h.since <= ? and not exists (
                    select 1 from holding_erasure x
                    where x.subject = h.subject and x.holder = h.holder and x.at >= h.since and x.at <= ?
                      and (cardinality(x.categories) = 0 or exists (select 1 from unnest(x.categories) c
                                                                    where h.category = c or h.category like c || '.%')))),
            pairs as (select distinct subject, holder, category from live),
            per_holder as (select subject, holder, count(*) as n from pairs group by subject, holder),
            shares as (select subject, holder, n::float8 / sum(n) over (partition by subject) as share from per_holder),
            hhi as (select subject, sum(share * share) as hhi from shares group by subject)
            select s.holder, count(*) as subjects, avg(s.share) as mean_share, avg(h.hhi) as mean_hhi,
                   (select count(distinct p.category) from pairs p where p.holder = s.holder) as categories,
                   (select count(distinct l.source_app) from live l where l.holder = s.holder) as sources,
                   (select count(*) from hhi) as all_subjects, (select avg(hhi) from hhi) as all_hhi
            from shares s join hhi h on h.subject = s.subject
            group by s.holder
            order by count(*) * (select count(distinct p.category) from pairs p where p.holder = s.holder) desc, s.holder""";

    private final JdbcTemplate jdbc;
    private final AppDirectory apps;
    private final Clock clock;
    private final ConcentrationProperties thresholds;

    ConcentrationController(JdbcTemplate jdbc, AppDirectory apps, Clock clock, ConcentrationProperties thresholds) {
        this.jdbc = jdbc;
        this.apps = apps;
        this.clock = clock;
        this.thresholds = thresholds;
    }

    @Operation(summary = "Who holds too much: per-app reach and per-person concentration",
            description = "Per app: subjects, distinct categories, distinct source apps, its mean share of its "
                    + "subjects' data and their mean Herfindahl-Hirschman index; apps holding at least "
                    + "`ledger.concentration.super-app-categories` kinds of data and at least "
                    + "`super-app-share` of their subjects' data are marked as super-app risks. Largest reach first.")
    @GetMapping("/api/v1/audit/concentration")
    ConcentrationResponse concentration(@RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        Map<String, AppDirectory.AppInfo> directory = apps.all();
        long[] subjects = {0};
        double[] mean = {0};
        List<AppConcentration> rows = jdbc.query(SQL, (rs, row) -> {
            subjects[0] = rs.getLong("all_subjects");
            mean[0] = rs.getDouble("all_hhi");
            AppDirectory.AppInfo app = AppDirectory.lookup(directory, rs.getString("holder"));
            long categories = rs.getLong("categories");
            double share = rs.getDouble("mean_share");
            return new AppConcentration(app.appId(), app.name(), app.country(), rs.getLong("subjects"), categories,
                    rs.getLong("sources"), round(share), round(rs.getDouble("mean_hhi")),
                    categories >= thresholds.superAppCategories() && share >= thresholds.superAppShare());
        }, Timestamp.from(at), Timestamp.from(at));
        return new ConcentrationResponse(at, subjects[0], round(mean[0]), thresholds.superAppCategories(),
                thresholds.superAppShare(), rows);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
