package org.consentledger.ledger.subject;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.consentledger.ledger.rules.ConsentGrants;
import org.consentledger.ledger.rules.CopiesHeld;
import org.consentledger.ledger.rules.TransferReceipts;

/**
 * The stored form of a subject's snapshot: what the rules look back at and the time of the latest
 * report, never the history. Snapshots outlive the build that wrote them, so the form is frozen by a
 * fixture ({@code SnapshotFormTest}); a change of shape comes with a new revision, and a snapshot of
 * another revision (or an older type) is passed over for the subject's events ({@link SubjectSnapshots}).
 */
@Revision(SubjectSnapshot.REVISION)
public record SubjectSnapshot(String subject, Instant latest, ConsentGrants grants, CopiesHeld copies,
                       TransferReceipts receipts) {

    public static final String REVISION = "1";
}
