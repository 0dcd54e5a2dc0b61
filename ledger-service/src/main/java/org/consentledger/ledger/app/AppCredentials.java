package org.consentledger.ledger.app;

import org.consentledger.issuer.Clients;
import org.consentledger.ledger.app.AppTopics;
import org.springframework.stereotype.Component;

/**
 * An app's credentials in one answer: an OAuth client for tokens with {@code roles: ["app"]} and its
 * {@code app_id}, and its Kafka user. Issuing again replaces both secrets.
 */
@Component
class AppCredentials {

    /** OAuth client ids of apps; no admin or auditor client starts so. */
    static final String CLIENT_PREFIX = "app.";

    record Credentials(String appId, OAuth oauth, Kafka kafka) {
    }

    record OAuth(String tokenEndpoint, String clientId, String clientSecret) {
    }

    record Kafka(String bootstrap, String securityProtocol, String saslMechanism, String username, String password,
                 String topic, String deadLetterTopic, String groupPrefix) {
    }

    private final Clients clients;
    private final AppKafka kafka;
    private final AppAccessProperties properties;

    AppCredentials(Clients clients, AppKafka kafka, AppAccessProperties properties) {
        this.clients = clients;
        this.kafka = kafka;
        this.properties = properties;
    }

    /** For a registered app: registering created its topics, user and ACLs. */
    Credentials issue(String app) {
        String password = kafka.newPassword(app);
        String secret = clients.issue(CLIENT_PREFIX + app, "app", app);
        return new Credentials(app, new OAuth(properties.tokenEndpoint(), CLIENT_PREFIX + app, secret),
                new Kafka(properties.kafkaBootstrap(), properties.kafkaSecurityProtocol(), properties.kafkaSaslMechanism(),
                        app, password, AppTopics.ingest(app), AppTopics.deadLetters(app), app + "."));
    }
}
