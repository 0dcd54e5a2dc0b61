package org.consentledger.ledger.ingest.parsing;

import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.consent.GrantConsentCommand;
import org.consentledger.contracts.consent.WithdrawConsentCommand;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecordCollectionCommand;
import org.consentledger.contracts.dataflow.RecordErasureCommand;
import org.consentledger.contracts.dataflow.RecordReceiptCommand;
import org.consentledger.contracts.dataflow.RecordTransferCommand;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.IntegrationType;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

/** A valid integration message, ready to become a command on the subject's aggregate. */
public record AcceptedEvent(IntegrationType type, String subject, Origin origin, Object data,
                            RecipientFacts recipient) {

    public SubjectCommand toCommand() {
        return switch (type) {
            case CONSENT_GRANTED -> new GrantConsentCommand(subject, origin, (ConsentGranted) data);
            case CONSENT_WITHDRAWN -> new WithdrawConsentCommand(subject, origin, (ConsentWithdrawn) data);
            case DATA_COLLECTED -> new RecordCollectionCommand(subject, origin, (DataCollected) data);
            case DATA_TRANSFERRED -> new RecordTransferCommand(subject, origin, (DataTransferred) data, recipient);
            case DATA_RECEIVED -> new RecordReceiptCommand(subject, origin, (DataReceived) data);
            case DATA_ERASED -> new RecordErasureCommand(subject, origin, (DataErased) data);
        };
    }
}
