package org.consentledger.ledger.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.consentledger.contracts.access.Access;
import org.consentledger.issuer.Clients;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.ledger.log.LogSigner;
import org.consentledger.ledger.platform.LedgerUnavailableException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * An app's place on the broker, through Kafka's Admin API: its topics, its SCRAM user, and ACLs that
 * let user {@code X} write and describe {@code ledger.app.X}, read and describe {@code ledger.dlq.X},
 * read {@code ledger.checkpoints} and use consumer groups {@code X.*}; nothing else. Every step is
 * idempotent, so provisioning again repairs what is missing.
 */
@Component
class AppKafka implements DisposableBean {

    private static final int ITERATIONS = 8192;
    private static final long TIMEOUT_SECONDS = 30;
    private static final String UNAVAILABLE = "the Kafka broker did not complete the app's topics, user or ACLs";

    private final Admin admin;
    private final AppAccessProperties properties;

    AppKafka(KafkaAdmin kafkaAdmin, AppAccessProperties properties) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.properties = properties;
    }

    /** Creates what the app lacks: topics, ACLs, and a SCRAM user (with a password nobody knows until credentials are issued). */
    void provision(String app) {
        createTopics(AppTopics.ingest(app), AppTopics.deadLetters(app));
        await(admin.createAcls(acls(app)).all());
        if (!hasUser(app)) {
            setPassword(app, Clients.newSecret());
        }
    }

    /**
     * The read side's place on the broker: the topic it hands accesses over on and the ledger's
     * dead letters of it (kept as long as the apps' topics), and its user {@code user}, who may write and describe that topic and nothing else.
     */
    void provisionReadSide(String user, String password) {
        createTopics(Access.TOPIC, Access.DEAD_LETTERS);
        String principal = "User:" + user;
        await(admin.createAcls(List.of(
                allow(ResourceType.TOPIC, Access.TOPIC, PatternType.LITERAL, principal, AclOperation.WRITE),
                allow(ResourceType.TOPIC, Access.TOPIC, PatternType.LITERAL, principal, AclOperation.DESCRIBE))).all());
        setPassword(user, password);
    }

    /**
     * Creates a topic of messages ({@code partitions()} partitions) and its dead letters (one), unless
     * they exist. A segment is deleted only once it is closed: rolled at a seventh of the retention, a
     * raw message (and with it a person's id) is gone at most that long after the retention passed.
     */
    private void createTopics(String messages, String deadLetters) {
        long retentionMs = properties.topicRetention().toMillis();
        Map<String, String> retention = Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Math.max(60_000, retentionMs / 7)));
        for (NewTopic topic : List.of(
                new NewTopic(messages, Optional.of(properties.partitions()), Optional.empty()).configs(retention),
                new NewTopic(deadLetters, Optional.of(1), Optional.empty()).configs(retention))) {
            try {
                await(admin.createTopics(List.of(topic)).all());
            } catch (TopicExistsException e) {
                // provisioned before
            }
        }
    }

    /** Gives the app's user a new password; the old one stops working at once for new connections. */
    String newPassword(String app) {
        String password = Clients.newSecret();
        setPassword(app, password);
        return password;
    }

    private void setPassword(String app, String password) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(app,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password))).all());
    }

    /** Whether the broker has a SCRAM user of this name. */
    boolean hasUser(String app) {
        try {
            // the user's own future: all() answers an empty description for a user the broker does not know
            return !await(admin.describeUserScramCredentials(List.of(app)).description(app)).credentialInfos().isEmpty();
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static List<AclBinding> acls(String app) {
        String user = "User:" + app;
        return List.of(
                allow(ResourceType.TOPIC, AppTopics.ingest(app), PatternType.LITERAL, user, AclOperation.WRITE),
                allow(ResourceType.TOPIC, AppTopics.ingest(app), PatternType.LITERAL, user, AclOperation.DESCRIBE),
                allow(ResourceType.TOPIC, AppTopics.deadLetters(app), PatternType.LITERAL, user, AclOperation.READ),
                allow(ResourceType.TOPIC, AppTopics.deadLetters(app), PatternType.LITERAL, user, AclOperation.DESCRIBE),
                allow(ResourceType.TOPIC, LogSigner.TOPIC, PatternType.LITERAL, user, AclOperation.READ),
                allow(ResourceType.GROUP, app + ".", PatternType.PREFIXED, user, AclOperation.READ));
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }

    /** The answer; a refusal by the broker as its exception; an unreachable broker as {@link LedgerUnavailableException}. */
    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException refusal && !(refusal instanceof RetriableException)) {
                throw refusal;
            }
            throw new LedgerUnavailableException(UNAVAILABLE, e.getCause());
        } catch (TimeoutException e) {
            throw new LedgerUnavailableException(UNAVAILABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException(UNAVAILABLE, e);
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
