package io.syncid.tombstones.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;
import io.syncid.tombstones.support.Fixtures;

class DeletionOpIdTest {

    @Test
    void theOpIdOfADeleteDependsOnlyOnTheRequestAndTheSyncId() {
        UUID request = UUID.randomUUID();
        SyncId syncId = SyncId.random();
        DocumentItem v1 = Fixtures.live(syncId, "alice", Instant.now());
        DocumentItem sameAgain = Fixtures.live(syncId, "alice", Instant.now().plusSeconds(5));

        assertThat(DeletionRequests.opId(request, v1)).isEqualTo(DeletionRequests.opId(request, sameAgain));
        assertThat(DeletionRequests.opId(UUID.randomUUID(), v1)).isNotEqualTo(DeletionRequests.opId(request, v1));
        assertThat(DeletionRequests.opId(request, Fixtures.live(SyncId.random(), "alice", Instant.now())))
                .isNotEqualTo(DeletionRequests.opId(request, v1));
    }
}
