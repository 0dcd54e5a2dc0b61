package org.consentledger.query.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When an app counts as a super-app risk.
 *
 * @param superAppCategories kinds of data it holds at least
 * @param superAppShare      share of its subjects' data it holds at least
 */
@ConfigurationProperties("ledger.concentration")
record ConcentrationProperties(int superAppCategories, double superAppShare) {
}
