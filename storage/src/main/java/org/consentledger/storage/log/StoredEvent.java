package org.consentledger.storage.log;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.consentledger.transparency.Leaf;

/** A row of the event store as the log reads it: what its leaf is made of. */
public record StoredEvent(long globalIndex, String eventId, String aggregate, long sequence, String type, String time,
                   byte[] payload) {

    /** The columns {@link #read} expects, of table alias {@code e}. */
    public static final String COLUMNS = "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number,"
            + " e.payload_type, e.time_stamp, e.payload";

    /** The row from {@link #COLUMNS} starting at column {@code first}; none where the row is missing (a left join). */
    public static Optional<StoredEvent> read(ResultSet rs, int first) throws SQLException {
        long globalIndex = rs.getLong(first);
        if (rs.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(globalIndex, rs.getString(first + 1), rs.getString(first + 2),
                rs.getLong(first + 3), rs.getString(first + 4), rs.getString(first + 5), rs.getBytes(first + 6)));
    }

    public Leaf leaf() {
        return new Leaf(eventId, aggregate, sequence, type, time, payload);
    }

    /** The leaf's bytes; none if the stored payload is no longer JSON (a changed row). */
    public Optional<byte[]> leafBytes() {
        try {
            return Optional.of(leaf().bytes());
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
