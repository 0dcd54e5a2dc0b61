package org.consentledger.ledger.app;

/**
 * The per-app Kafka topics of the contract: app {@code X} writes {@code ledger.app.X} and reads its
 * refused records on {@code ledger.dlq.X}. The app a record comes from is the topic it was written
 * to, which only that app may write: the broker proves it, not the message.
 */
public final class AppTopics {

    public static final String INGEST_PREFIX = "ledger.app.";
    public static final String DEAD_LETTER_PREFIX = "ledger.dlq.";
    /** Every app's ingest topic, for a pattern subscription. */
    public static final String INGEST_PATTERN = "ledger\\.app\\..+";

    private AppTopics() {
    }

    public static String ingest(String app) {
        return INGEST_PREFIX + app;
    }

    public static String deadLetters(String app) {
        return DEAD_LETTER_PREFIX + app;
    }

    /** The app whose ingest topic this is. */
    public static String appOf(String ingestTopic) {
        if (!ingestTopic.startsWith(INGEST_PREFIX)) {
            throw new IllegalArgumentException(ingestTopic + " is not an app's ingest topic");
        }
        return ingestTopic.substring(INGEST_PREFIX.length());
    }
}
