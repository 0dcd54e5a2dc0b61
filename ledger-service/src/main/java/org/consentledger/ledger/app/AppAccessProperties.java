package org.consentledger.ledger.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How apps reach the ledger, as their credentials say.
 *
 * @param partitions            partitions of each app's ingest topic (records are keyed by subject)
 * @param topicRetention        how long ingest and dead-letter topics keep records
 * @param kafkaBootstrap        the bootstrap address apps use (it may differ from the ledger's own)
 * @param kafkaSecurityProtocol what apps connect with ({@code SASL_PLAINTEXT} in the dev stack, {@code SASL_SSL} in production)
 * @param kafkaSaslMechanism    the SASL mechanism of the app users the ledger creates
 * @param tokenEndpoint         where apps get tokens with their OAuth client
 */
@ConfigurationProperties("ledger.apps")
record AppAccessProperties(int partitions, Duration topicRetention, String kafkaBootstrap, String kafkaSecurityProtocol,
                           String kafkaSaslMechanism, String tokenEndpoint) {
}
