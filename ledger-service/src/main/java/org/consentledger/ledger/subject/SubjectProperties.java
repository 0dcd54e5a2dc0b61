package org.consentledger.ledger.subject;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the ledger keeps its subjects: only speed and memory depend on these.
 *
 * @param cachedSubjects subjects whose aggregate stays in memory between commands (least recently used go first)
 * @param snapshotAfter  a subject's events between two snapshots of it
 * @param lateReports    the recent reports a subject keeps for judging late ones
 */
@ConfigurationProperties("ledger")
record SubjectProperties(long cachedSubjects, int snapshotAfter, LateReports lateReports) {

    /**
     * @param tailFacts  reports a subject keeps at most after its checkpoint
     * @param tailWindow how long a report is kept there
     */
    record LateReports(int tailFacts, Duration tailWindow) {
    }
}
