package org.consentledger.query.accesses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.consentledger.contracts.access.Access;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.query.web.BadRequestException;
import org.consentledger.security.Caller;
import org.consentledger.security.Refusal;
import org.consentledger.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every read of a subject's data by anyone but that subject is recorded before the answer is sent
 * ({@code docs/design.md}, Access log): one {@link Access} per subject in the answer, committed to
 * the read side's outbox ({@code access_outbox}) in one statement; {@link AccessRelay} hands them to
 * the ledger, which records each in the subject's record. If the outbox cannot take them the read
 * answers 503 {@code ACCESS_NOT_RECORDED}: no read without a trace.
 */
@Component
public class AccessLog {

    /** The request header a reader gives the purpose of the read in (for example a case number). */
    public static final String PURPOSE_HEADER = "Ledger-Access-Purpose";
    static final int PURPOSE_LIMIT = 200;
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final ObjectWriter JSON = LedgerJson.mapper().writerFor(Access.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AccessLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the current request's read of {@code subject}'s data, unless the reader is that subject. */
    public void read(String subject) {
        read(List.of(subject));
    }

    /** Records the current request's read of each subject's data in {@code subjects}, except the reader's own. */
    public void read(Collection<String> subjects) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        String purpose = purpose(request.getHeader(PURPOSE_HEADER));
        Caller caller = Caller.of(SecurityContextHolder.getContext().getAuthentication());
        List<String> others = subjects.stream().distinct().filter(s -> caller == null || !caller.isSubject(s)).toList();
        if (others.isEmpty() || caller == null) {
            return;
        }
        boolean asApp = !caller.is(Role.AUDITOR) && caller.is(Role.APP);
        String role = asApp ? "app" : caller.is(Role.AUDITOR) ? "auditor" : caller.roles().iterator().next().name().toLowerCase();
        String accessor = asApp ? caller.appId() : caller.name();
        Instant at = clock.instant();
        byte[][] accesses = new byte[others.size()][];
        for (int i = 0; i < accesses.length; i++) {
            accesses[i] = json(new Access(UUID.randomUUID().toString(), others.get(i), at, role, accessor,
                    request.getRequestURI(), purpose));
        }
        try {
            jdbc.update("insert into access_outbox (subject, access) select * from unnest(?::text[], ?::bytea[])",
                    others.toArray(String[]::new), accesses);
        } catch (DataAccessException e) {
            log.warn("a read of {} subjects' data was refused: its accesses could not be recorded ({})", others.size(),
                    e.getMostSpecificCause().toString());
            throw new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "ACCESS_NOT_RECORDED",
                    "the read could not be recorded in the ledger, so it is not answered; try again later");
        }
    }

    private static byte[] json(Access access) {
        try {
            return JSON.writeValueAsBytes(access);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The purpose a reader gave: at most {@value #PURPOSE_LIMIT} printable characters, or none. */
    static String purpose(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.codePointCount(0, header.length()) > PURPOSE_LIMIT || header.codePoints().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("INVALID_PURPOSE", PURPOSE_HEADER + " holds at most " + PURPOSE_LIMIT
                    + " printable characters");
        }
        return header.strip();
    }
}
