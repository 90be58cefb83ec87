package io.github.gsi4j.quarkus.runtime.devui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.core.GsiStats;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;

class GsiRecentRequestsTest {

    static GsiChatResponseMetadata meta(int steps, int fallbacks) {
        GsiStats stats = new GsiStats(1, steps, steps - fallbacks, fallbacks, 40, 40, 8L * fallbacks, 20, steps + fallbacks,
                1.0, 0.5, 2_000_000, 1_000_000, 3_000_000, 4_000_000, 500_000, 11_000_000, 0, java.util.List.of());
        return GsiChatResponseMetadata.builder().modelName("gsi").policy(Policy.GSI).stats(stats).build();
    }

    @Test
    void keepsTheNewestRequestsFirstUpToItsCapacityAndSkipsBypassedOnes() {
        GsiRecentRequests recent = new GsiRecentRequests();
        for (int i = 1; i <= GsiRecentRequests.CAPACITY + 5; i++) {
            recent.add(meta(i, 1));
        }
        recent.add(GsiChatResponseMetadata.builder().bypassed(true).bypassReason("tools").build());

        assertThat(recent.list()).hasSize(GsiRecentRequests.CAPACITY);
        GsiRecentRequests.Summary newest = recent.list().get(0);
        assertThat(newest.steps()).isEqualTo(GsiRecentRequests.CAPACITY + 5);
        assertThat(newest.fallbackSteps()).isEqualTo(1);
        assertThat(newest.policy()).isEqualTo("GSI");
        assertThat(newest.draftMs()).isEqualTo(2.0);
        assertThat(newest.baseGenerateMs()).isEqualTo(4.0);
        assertThat(newest.totalMs()).isEqualTo(11.0);
        assertThat(recent.list().get(GsiRecentRequests.CAPACITY - 1).steps()).isEqualTo(6);
    }

    @Test
    void theJsonRpcServiceServesTheList() {
        GsiJsonRpcService service = new GsiJsonRpcService();
        service.recent = new GsiRecentRequests();
        service.recent.add(meta(3, 0));
        assertThat(service.getRecentRequests()).extracting(GsiRecentRequests.Summary::steps).containsExactly(3);
    }
}
