package org.consentledger.ledger.log;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.consentledger.storage.log.StoredLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;

/** The log as stored, and the topic every checkpoint is published on (apps may read it): one partition, in signing order, kept for ever. */
@Configuration(proxyBeanMethods = false)
class LogConfig {

    @Bean
    StoredLog storedLog(JdbcTemplate jdbc) {
        return new StoredLog(jdbc);
    }

    @Bean
    NewTopic checkpointsTopic() {
        return TopicBuilder.name(LogSigner.TOPIC).partitions(1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")).build();
    }
}
