package org.consentledger.query.consents;

import java.time.Instant;
import java.util.List;

/** A consent as it stood at the asked moment; {@code status} is a DPV name. */
public record ConsentView(String consentId, String controller, List<String> purposes, List<String> categories,
                          List<String> recipients, String legalBasis, Instant givenAt, Instant expiresAt,
                          String status, Instant endedAt) {
}
