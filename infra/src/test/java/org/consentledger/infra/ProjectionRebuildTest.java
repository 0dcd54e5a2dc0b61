package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With several query-services, a rebuild needs every segment of the processor: while another
 * instance claims one, the rebuild is refused with a problem naming the cure, the views stay as
 * they were, and projecting goes on once the claim is released.
 */
class ProjectionRebuildTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void rebuildWhileAnotherInstanceClaimsASegmentIsRefusedAndLeavesTheViews() throws Exception {
        DevStack stack = TestStack.shared();
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
        String before = "s-" + UUID.randomUUID();
        TestStack.produce(before, bytes(Events.collected("alpha", before, "2026-02-01T09:00:00Z", "c-none",
                List.of("user.name"))));
        await().atMost(PATIENCE).until(() -> !TestStack.holdings(stack, before).isEmpty());

        assertThat(TestStack.post(stack.queryUrl() + "/api/v1/admin/projections/views/stop", "application/json", "")
                .status()).isEqualTo(200);
        claimSegmentOne(stack, "another-query-service");
        try {
            TestStack.Response refused = TestStack.post(stack.queryUrl() + "/api/v1/admin/projections/views/rebuild",
                    "application/json", "");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("code").asText()).isEqualTo("PROJECTION_CLAIMED_ELSEWHERE");
            assertThat(refused.body().get("detail").asText()).contains("/api/v1/admin/projections/{name}/stop");
            assertThat(TestStack.holdings(stack, before)).as("a refused rebuild clears nothing").hasSize(1);
        } finally {
            claimSegmentOne(stack, null);
            TestStack.post(stack.queryUrl() + "/api/v1/admin/projections/views/start", "application/json", "");
        }

        String after = "s-" + UUID.randomUUID();
        TestStack.produce(after, bytes(Events.collected("alpha", after, "2026-02-01T10:00:00Z", "c-none",
                List.of("user.name"))));
        await().atMost(PATIENCE).until(() -> !TestStack.holdings(stack, after).isEmpty());
        assertThat(TestStack.holdings(stack, before)).hasSize(1);
    }

    /** What another instance's claim looks like in {@code token_entry}: its name and a fresh time. */
    private static void claimSegmentOne(DevStack stack, String owner) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.dbUrl());
             PreparedStatement claim = db.prepareStatement(
                     "update query.token_entry set owner = ?, time_stamp = ? where processor_name = 'views' and segment = 1")) {
            claim.setString(1, owner);
            claim.setString(2, Instant.now().toString());
            assertThat(claim.executeUpdate()).isEqualTo(1);
        }
    }
}
