package org.consentledger.ledger.platform;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** DOWN when the Kafka cluster does not answer within two seconds. */
@Component("kafkaHealthIndicator")
class KafkaHealth implements HealthIndicator {

    private final Map<String, Object> config;

    KafkaHealth(KafkaAdmin admin) {
        this.config = admin.getConfigurationProperties();
    }

    @Override
    public Health health() {
        try (AdminClient client = AdminClient.create(config)) {
            String cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .clusterId().get(3, TimeUnit.SECONDS);
            return Health.up().withDetail("clusterId", cluster).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down(e).build();
        }
    }
}
