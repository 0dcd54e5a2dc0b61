package org.consentledger.query.accesses;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The producer {@link AccessRelay} hands accesses to the ledger with: waits for every in-sync
 * replica, idempotent (a retried send is stored once), and gives up within {@code timeout}, so that
 * the relay tries again soon when the broker is away.
 */
@Configuration(proxyBeanMethods = false)
class AccessHandover {

    /**
     * @param bootstrap        the broker ({@code LEDGER_KAFKA_BOOTSTRAP}, as the ledger's)
     * @param securityProtocol {@code SASL_PLAINTEXT} in the dev stack, {@code SASL_SSL} in production
     * @param saslMechanism    the mechanism of the read side's user
     * @param user             the read side's user, which only may write the accesses' topic
     * @param password         its password ({@code LEDGER_ACCESSES_KAFKA_PASSWORD}, the same the ledger is given)
     * @param jaasConfig       a whole JAAS line instead of user and password (another login module)
     * @param timeout          how long the relay waits for the broker to take a batch of accesses
     */
    @ConfigurationProperties("ledger.accesses.kafka")
    record Properties(String bootstrap, String securityProtocol, String saslMechanism, String user, String password,
                      String jaasConfig, Duration timeout) {
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> accessProducer(Properties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrap());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, properties.securityProtocol());
        config.put(SaslConfigs.SASL_MECHANISM, properties.saslMechanism());
        config.put(SaslConfigs.SASL_JAAS_CONFIG, properties.jaasConfig() != null && !properties.jaasConfig().isBlank()
                ? properties.jaasConfig()
                : "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + properties.user()
                        + "\" password=\"" + properties.password() + "\";");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeoutMs = (int) properties.timeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "query-service-accesses");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
