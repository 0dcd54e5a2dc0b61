package org.consentledger.ledger.ingest.kafka;

import org.consentledger.ledger.app.AppTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {

    private static final TopicPartition SUPER_APP = new TopicPartition("ledger.app.super", 0);
    private static final TopicPartition PARTNER = new TopicPartition("ledger.app.partner", 0);
    private static final Set<TopicPartition> BOTH = Set.of(SUPER_APP, PARTNER);
    private static final long GRACE = 500;
    private static final long NOW = 1_000_000;

    private final ArrivalOrder order = new ArrivalOrder(GRACE, 3);

    @Test
    void aRecordWaitsUntilEveryPartitionStillBeingReadHasShownALaterOne() {
        order.add(List.of(record(PARTNER, 0, 200), record(PARTNER, 1, 300)), NOW);
        order.add(List.of(record(SUPER_APP, 0, 100)), NOW);
        Function<TopicPartition, OptionalLong> unread = p -> OptionalLong.of(10);

        assertThat(order.releasable(BOTH, unread, NOW, 100)).isEmpty();

        order.add(List.of(record(SUPER_APP, 1, 250)), NOW);
        assertThat(offsets(order.releasable(BOTH, unread, NOW, 100))).containsExactly("super@0", "partner@0");
    }

    @Test
    void aPartitionWithNothingMoreToReadHoldsBackOnlyTheGracePeriod() {
        order.add(List.of(record(PARTNER, 0, NOW - 600), record(PARTNER, 1, NOW - 100)), NOW);

        assertThat(offsets(order.releasable(BOTH, p -> OptionalLong.of(0), NOW, 100))).containsExactly("partner@0");
    }

    @Test
    void aPartitionNotYetReadHoldsEverythingBack() {
        order.add(List.of(record(PARTNER, 0, 100)), NOW);

        assertThat(order.releasable(BOTH, p -> p.equals(PARTNER) ? OptionalLong.of(0) : OptionalLong.empty(), NOW, 100))
                .isEmpty();
    }

    @Test
    void aTimeInTheFutureCountsAsTheMomentTheRecordArrived() {
        order.add(List.of(record(PARTNER, 0, NOW + 3_600_000)), NOW - 1000);
        order.add(List.of(record(SUPER_APP, 0, NOW - 800)), NOW);

        assertThat(offsets(order.releasable(BOTH, p -> OptionalLong.of(0), NOW, 100)))
                .containsExactly("partner@0", "super@0");
    }

    @Test
    void aRecordSentBeforeOneAlreadyReadOfItsPartitionKeepsThePartitionsOrder() {
        order.add(List.of(record(PARTNER, 0, 300), record(PARTNER, 1, 100)), NOW);
        order.add(List.of(record(SUPER_APP, 0, 200), record(SUPER_APP, 1, 400)), NOW);

        assertThat(offsets(order.releasable(BOTH, p -> OptionalLong.of(p.equals(PARTNER) ? 0 : 10), NOW, 100)))
                .containsExactly("super@0", "partner@0", "partner@1");
    }

    @Test
    void aFullPartitionWaitsForNoOne() {
        order.add(List.of(record(SUPER_APP, 0, 100), record(SUPER_APP, 1, 100), record(SUPER_APP, 2, 100)), NOW);

        assertThat(order.full(SUPER_APP)).isTrue();
        assertThat(order.releasable(BOTH, p -> p.equals(SUPER_APP) ? OptionalLong.of(5) : OptionalLong.empty(), NOW, 100))
                .isEmpty();
        order.add(List.of(record(PARTNER, 0, 150)), NOW);
        assertThat(offsets(order.releasable(BOTH, p -> OptionalLong.of(5), NOW, 100)))
                .containsExactly("super@0", "super@1", "super@2");
    }

    @Test
    void theFirstSentGoFirstAndStayHeldUntilRecorded() {
        order.add(List.of(record(PARTNER, 0, 100), record(PARTNER, 1, 300)), NOW);
        order.add(List.of(record(SUPER_APP, 0, 200)), NOW);
        Function<TopicPartition, OptionalLong> caughtUp = p -> OptionalLong.of(0);

        List<ConsumerRecord<byte[], byte[]>> first = order.releasable(BOTH, caughtUp, NOW, 2);
        assertThat(offsets(first)).containsExactly("partner@0", "super@0");
        assertThat(offsets(order.releasable(BOTH, caughtUp, NOW, 2))).isEqualTo(offsets(first));

        assertThat(order.recorded(first)).isEqualTo(Map.of(PARTNER, new OffsetAndMetadata(1), SUPER_APP,
                new OffsetAndMetadata(1)));
        assertThat(order.held()).isEqualTo(1);
        assertThat(offsets(order.releasable(BOTH, caughtUp, NOW, 2))).containsExactly("partner@1");
        assertThatThrownBy(() -> order.recorded(first)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        order.add(List.of(record(PARTNER, 0, 100), record(SUPER_APP, 0, 100)), NOW);

        order.drop(List.of(PARTNER));

        assertThat(order.held()).isEqualTo(1);
        assertThat(offsets(order.releasable(Set.of(SUPER_APP), p -> OptionalLong.of(0), NOW, 100)))
                .containsExactly("super@0");
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, long timestamp) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestamp,
                TimestampType.CREATE_TIME, 0, 0, new byte[0], new byte[0], new RecordHeaders(), java.util.Optional.empty());
    }

    private static List<String> offsets(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> AppTopics.appOf(r.topic()) + "@" + r.offset()).toList();
    }
}
