package org.consentledger.contracts.verdict;

/** Why the ledger flags a collection, transfer or receipt (see DESIGN.md, "Rules the command side enforces"). */
public enum ViolationCode {
    /** No consent of the right party covers it, or the named consent does not exist or does not apply. */
    NO_CONSENT,
    /** The consent it rests on had been withdrawn at that time. */
    CONSENT_WITHDRAWN,
    /** The consent it rests on had expired at that time. */
    CONSENT_EXPIRED,
    /** A purpose is not among the consent's purposes. */
    PURPOSE_NOT_COVERED,
    /** A category is not covered by the consent's categories (a parent covers its children). */
    CATEGORY_NOT_COVERED,
    /** Art. 9 data without explicit consent (A9-2-a) or another Art. 9(2) basis. */
    SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT,
    /** The sender did not hold the data it passed on. */
    SENDER_NOT_HOLDING,
    /** The recipient is not a registered app. */
    UNREGISTERED_RECIPIENT,
    /** The recipient is outside the EEA and no safeguard was named. */
    THIRD_COUNTRY_WITHOUT_SAFEGUARD,
    /** A recipient confirmed a transfer its sender never reported. */
    TRANSFER_NOT_REPORTED_BY_SENDER
}
