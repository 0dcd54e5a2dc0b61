package org.consentledger.ledger.subject;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class SubjectSnapshotsTest {

    @Test
    void aSnapshotThatRunsOutOfHeapIsCountedAndTheNextOneStillRuns() {
        Counter failed = new SimpleMeterRegistry().counter("ledger.snapshots.failed");
        List<String> ran = new ArrayList<>();
        Executor snapshots = SubjectSnapshots.countingFailures(Runnable::run, failed);

        snapshots.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        snapshots.execute(() -> ran.add("next snapshot"));

        assertThat(failed.count()).isEqualTo(1);
        assertThat(ran).containsExactly("next snapshot");
    }
}
