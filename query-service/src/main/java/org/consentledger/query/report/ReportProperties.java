package org.consentledger.query.report;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Data-access reports and lineage graphs.
 *
 * @param maxConcurrent        reports and lineage graphs of large subjects built at once (more wait)
 * @param maxConcurrentSmall   the same for the other subjects
 * @param largeFromHoldings    holdings from which a subject counts as large
 * @param operatorName         who runs this ledger, printed in every report
 * @param operatorContact      how a person reaches them
 * @param supervisoryAuthority the data protection authority a person may complain to
 */
@ConfigurationProperties("ledger.report")
record ReportProperties(int maxConcurrent, int maxConcurrentSmall, int largeFromHoldings, String operatorName,
                        String operatorContact, String supervisoryAuthority) {
}
