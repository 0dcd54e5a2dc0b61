package org.consentledger.query.report;

import org.springframework.web.util.HtmlUtils;

/**
 * A sentence as HTML with a phrase in it kept on one line: the PDF breaks lines at the dots and
 * hyphens of an e-mail address, and half an address on each line reads as two. For the template.
 */
public final class Unbroken {

    public String html(String sentence, String phrase) {
        String escaped = HtmlUtils.htmlEscape(sentence);
        if (phrase == null || phrase.isBlank()) {
            return escaped;
        }
        String kept = HtmlUtils.htmlEscape(phrase);
        return escaped.replace(kept, "<span class=\"nowrap\">" + kept + "</span>");
    }
}
