package org.consentledger.ledger.ingest.parsing;

/**
 * Why an integration message was refused. Sent as the {@code ledger-error-code} header on the
 * dead-letter topic and as {@code code} in HTTP problem bodies; the list is documented in the README.
 */
public enum ErrorCode {
    MESSAGE_TOO_LARGE("the message is larger than the configured limit"),
    NOT_UTF8("the message is not valid UTF-8"),
    NOT_JSON("the message is not a JSON object"),
    MISSING_FIELD("a required CloudEvents attribute or data field is missing"),
    INVALID_FIELD("a field has the wrong type or format"),
    UNKNOWN_TYPE("the CloudEvent type is not one the ledger knows"),
    UNKNOWN_VOCABULARY("a purpose, category or legal basis is not in the bundled vocabulary"),
    SOURCE_MISMATCH("the source names another app than the one whose topic or token carried the message"),
    UNREGISTERED_SOURCE("the source app is not registered"),
    TIME_IN_FUTURE("the event's time lies further in the future than the allowed clock skew"),
    UNPROCESSABLE("the message could not be read or recorded for another reason (see the detail)");

    private final String meaning;

    ErrorCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
