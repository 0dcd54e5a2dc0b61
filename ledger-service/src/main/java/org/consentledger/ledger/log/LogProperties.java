package org.consentledger.ledger.log;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tamper-evident log.
 *
 * @param origin          the log's name: the first line of its checkpoints and its key's name ({@code LEDGER_LOG_ORIGIN})
 * @param batch           stored events made leaves per transaction
 * @param checkedPerSecond leaves whose stored row is recomputed and compared per second, round and round the log
 */
@ConfigurationProperties("ledger.log")
record LogProperties(String origin, int batch, int checkedPerSecond) {
}
