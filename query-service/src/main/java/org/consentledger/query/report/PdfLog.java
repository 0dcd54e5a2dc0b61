package org.consentledger.query.report;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLogger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openhtmltopdf's log through SLF4J, like every other log of the service (it writes to stderr by
 * itself): its warnings at WARN, the rest at DEBUG, each under its own name ({@code com.openhtmltopdf.*}).
 * The adapter openhtmltopdf publishes for this is not on Maven Central for its current version.
 */
final class PdfLog implements XRLogger {

    @Override
    public void log(String where, Level level, String message) {
        log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable failure) {
        Logger logger = LoggerFactory.getLogger(where);
        if (level.intValue() >= Level.SEVERE.intValue()) {
            logger.error(message, failure);
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            logger.warn(message, failure);
        } else {
            logger.debug(message, failure);
        }
    }

    @Override
    public void setLevel(String where, Level level) {
        // levels are logback's to set
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
        int level = diagnostic.getLevel().intValue();
        return level >= Level.SEVERE.intValue() ? logger.isErrorEnabled()
                : level >= Level.WARNING.intValue() ? logger.isWarnEnabled() : logger.isDebugEnabled();
    }
}
