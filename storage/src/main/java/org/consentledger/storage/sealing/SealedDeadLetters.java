package org.consentledger.storage.sealing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.DefaultDeadLetterJdbcConverter;
import org.axonframework.eventhandling.deadletter.jdbc.DefaultDeadLetterStatementFactory;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's JDBC dead-letter queue for a processor that reads subjects' events: a parked event of a
 * subject is stored sealed (under a key of the subject's record, {@link Sealer#deadLetterKey},
 * the record named in its header), opened again when the letter is read, and unreadable
 * once the subject is forgotten (an erasure deletes its letters too). The event is sealed from the
 * bytes it was read as, so an event that cannot even be deserialized is parked as well.
 */
public final class SealedDeadLetters {

    /** The payload's parameter in Axon's insert: 4 id fields, then message type, identifier, time, payload type, revision, payload. */
    private static final int PAYLOAD = 10;

    private SealedDeadLetters() {
    }

    public static JdbcSequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup, ConnectionProvider connections,
                                                                    TransactionManager transactions, DeadLetterSchema schema,
                                                                    Serializer serializer, SubjectKeys keys,
                                                                    Predicate<String> sealedType) {
        return JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(processingGroup).connectionProvider(connections).transactionManager(transactions)
                .schema(schema).genericSerializer(serializer).eventSerializer(serializer)
                .statementFactory(Statements.of(schema, serializer, keys, sealedType))
                .converter(Letters.of(serializer, new Opening(serializer, keys, sealedType)))
                .build();
    }

    /** Axon's converter of rows to letters, reading a letter's event with the {@link Opening} serializer. */
    private static final class Letters extends DefaultDeadLetterJdbcConverter<EventMessage<?>> {

        private Letters(Builder<EventMessage<?>> builder) {
            super(builder);
        }

        static Letters of(Serializer serializer, Serializer opening) {
            return new Letters(DefaultDeadLetterJdbcConverter.<EventMessage<?>>builder().genericSerializer(serializer)
                    .eventSerializer(opening));
        }
    }

    private static final class Statements extends DefaultDeadLetterStatementFactory<EventMessage<?>> {

        private final Serializer serializer;
        private final SubjectKeys keys;
        private final Predicate<String> sealedType;

        static Statements of(DeadLetterSchema schema, Serializer serializer, SubjectKeys keys, Predicate<String> sealedType) {
            return new Statements(DefaultDeadLetterStatementFactory.<EventMessage<?>>builder().schema(schema)
                    .genericSerializer(serializer).eventSerializer(serializer), serializer, keys, sealedType);
        }

        private Statements(Builder<EventMessage<?>> builder, Serializer serializer, SubjectKeys keys,
                           Predicate<String> sealedType) {
            super(builder);
            this.serializer = serializer;
            this.keys = keys;
            this.sealedType = sealedType;
        }

        @Override
        public PreparedStatement enqueueStatement(Connection connection, String processingGroup, String sequenceIdentifier,
                                                  DeadLetter<? extends EventMessage<?>> letter, long sequenceIndex)
                throws SQLException {
            PreparedStatement statement = super.enqueueStatement(connection, processingGroup, sequenceIdentifier, letter,
                    sequenceIndex);
            EventMessage<?> message = letter.message();
            SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
            if (message instanceof DomainEventMessage<?> event && sealedType.test(payload.getType().getName())) {
                String record = event.getAggregateIdentifier();
                byte[] key = keys.keyOf(record).orElseThrow(() -> new IllegalStateException(
                        "record " + record + " is forgotten: its event is not parked"));
                statement.setBytes(PAYLOAD, Sealer.seal(payload.getData(), Sealer.deadLetterKey(key), record));
            }
            return statement;
        }
    }

    /** Opens a sealed letter's event as it is read; passes everything else to the serializer. */
    private static final class Opening implements Serializer {

        private final Serializer delegate;
        private final SubjectKeys keys;
        private final Predicate<String> sealedType;

        Opening(Serializer delegate, SubjectKeys keys, Predicate<String> sealedType) {
            this.delegate = delegate;
            this.keys = keys;
            this.sealedType = sealedType;
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            if (!sealedType.test(serializedObject.getType().getName())) {
                return delegate.deserialize(serializedObject);
            }
            byte[] sealed = getConverter().convert(serializedObject, byte[].class).getData();
            String record = Sealer.keyId(sealed);
            byte[] key = keys.keyOf(record).orElseThrow(() -> new IllegalStateException(
                    "record " + record + " is forgotten: its parked event opens no more"));
            byte[] clear = Sealer.open(sealed, Sealer.deadLetterKey(key));
            return delegate.deserialize(new SimpleSerializedObject<>(clear, byte[].class, serializedObject.getType()));
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public Class classForType(SerializedType type) {
            return delegate.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return delegate.getConverter();
        }
    }
}
