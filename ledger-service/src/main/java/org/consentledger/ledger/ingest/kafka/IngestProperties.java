package org.consentledger.ledger.ingest.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the ledger reads the apps' topics.
 *
 * @param consumers          consumer threads per instance; partition n of every app's topic goes to the
 *                           same one, so one subject's reports are judged by one thread
 * @param arrivalGrace       how long a partition with nothing more to read is taken to have sent
 *                           everything older ({@link ArrivalOrder}); reports wait about as long
 * @param heldPerPartition   records a consumer holds of one partition before it pauses reading it
 * @param maxBatch           records recorded in one database transaction at most
 * @param downAfterFailures  health turns DOWN once this many batches in a row could not be recorded
 *                           (they are retried with backoff until they are)
 */
@ConfigurationProperties("ledger.ingest")
record IngestProperties(int consumers, Duration arrivalGrace, int heldPerPartition, int maxBatch,
                        int downAfterFailures) {
}
