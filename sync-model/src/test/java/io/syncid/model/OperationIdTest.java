package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OperationIdTest {

    private static final Instant T = Instant.parse("2026-11-24T10:15:30Z");
    private static final SyncId ID = SyncId.random();

    @Test
    void theSameFoldDeliveredAgainHasTheSameId() {
        List<UUID> sources = List.of(UUID.randomUUID(), UUID.randomUUID());
        assertThat(delete(sources, List.of()).operationId()).isEqualTo(delete(List.copyOf(sources), List.of())
                .operationId());
    }

    @Test
    void differentSourcesOrOrderOrTombstonedOpsGiveDifferentIds() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID base = delete(List.of(a, b), List.of()).operationId();
        assertThat(delete(List.of(b, a), List.of()).operationId()).isNotEqualTo(base);
        assertThat(delete(List.of(a), List.of(b)).operationId()).isNotEqualTo(base);
        assertThat(delete(List.of(a), List.of()).operationId()).isNotEqualTo(base);
    }

    @Test
    void isAVersion5LayoutUuid() {
        UUID id = delete(List.of(UUID.randomUUID()), List.of()).operationId();
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void effectiveTimeIsTheEarlierOfOccurredAndReceived() {
        ConsolidatedOperation aheadClock = new ConsolidatedOperation(1, ID, "u", "d", OperationType.DELETE, null, 1,
                T.plusSeconds(60), null, List.of(UUID.randomUUID()), null, T, T, null);
        assertThat(aheadClock.effectiveTime()).isEqualTo(T);
        ConsolidatedOperation offline = new ConsolidatedOperation(1, ID, "u", "d", OperationType.DELETE, null, 1,
                T.minusSeconds(60), null, List.of(UUID.randomUUID()), null, T, T, null);
        assertThat(offline.effectiveTime()).isEqualTo(T.minusSeconds(60));
    }

    private static ConsolidatedOperation delete(List<UUID> sources, List<UUID> tombstoned) {
        return new ConsolidatedOperation(1, ID, "u", "d", OperationType.DELETE, null, 1, T, null, sources, tombstoned,
                T,
                T, null);
    }
}
