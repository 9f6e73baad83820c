package io.syncid.client.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.syncid.model.DocumentContent;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;

class QueueFoldingTest {

    private static final SyncId ID = SyncId.parse("3b241101-e2bb-4255-8caf-4136c566a962");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-24T10:05:00Z");

    private static DocumentContent doc(String title) {
        return new DocumentContent(title, "insurance", Map.of("n", title), null);
    }

    private static QueuedOperation entry(OperationType type, long base, QueueState state) {
        return new QueuedOperation(7, "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b", ID, type, base, T0,
                type == OperationType.DELETE ? null : doc("first"), null, state);
    }

    private static LocalEdit edit(OperationType type) {
        return new LocalEdit(ID, type, type == OperationType.DELETE ? null : doc("second"), T1,
                type == OperationType.DELETE ? "user" : null);
    }

    /** last unsent entry, new edit → folded type, folded baseVersion (SPEC §6 rows). */
    static Stream<Arguments> foldsIntoAnUnsentEntry() {
        return Stream.of(
                Arguments.of(OperationType.CREATE, 0L, OperationType.UPDATE, OperationType.CREATE, 0L),
                Arguments.of(OperationType.UPDATE, 3L, OperationType.UPDATE, OperationType.UPDATE, 3L),
                Arguments.of(OperationType.CREATE, 0L, OperationType.DELETE, OperationType.DELETE, 0L),
                Arguments.of(OperationType.UPDATE, 3L, OperationType.DELETE, OperationType.DELETE, 3L));
    }

    @ParameterizedTest(name = "{0} + {2} becomes {3} with baseVersion {4}")
    @MethodSource
    void foldsIntoAnUnsentEntry(OperationType queued, long base, OperationType next, OperationType folded,
            long foldedBase) {
        QueueFolding.Fold fold = QueueFolding.fold(Optional.of(entry(queued, base, QueueState.QUEUED)), edit(next),
                "new-op-id", 9);

        assertThat(fold).isInstanceOf(QueueFolding.Replace.class);
        QueuedOperation op = fold.operation();
        assertThat(op.type()).isEqualTo(folded);
        assertThat(op.baseVersion()).isEqualTo(foldedBase);
        assertThat(op.seq()).as("the same entry").isEqualTo(7);
        assertThat(op.opId()).as("an unsent entry keeps its opId").isEqualTo("9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b");
        assertThat(op.occurredAt()).as("the time of the last edit").isEqualTo(T1);
        assertThat(op.document()).isEqualTo(folded == OperationType.DELETE ? null : doc("second"));
    }

    static Stream<Arguments> anEntryThatWasSentNeverChanges() {
        return Stream.of(Arguments.of(QueueState.SENDING), Arguments.of(QueueState.ACCEPTED));
    }

    @ParameterizedTest(name = "after a {0} entry the edit is appended with the local version")
    @MethodSource
    void anEntryThatWasSentNeverChanges(QueueState state) {
        QueueFolding.Fold fold = QueueFolding.fold(Optional.of(entry(OperationType.UPDATE, 3, state)),
                edit(OperationType.UPDATE), "new-op-id", 0);

        assertThat(fold).isInstanceOf(QueueFolding.Append.class);
        assertThat(fold.operation().opId()).isEqualTo("new-op-id");
        assertThat(fold.operation().type()).isEqualTo(OperationType.UPDATE);
        // The device has seen no newer version: its second edit says so, and the writer fast-forwards its own edits.
        assertThat(fold.operation().baseVersion()).isZero();
    }

    @Test
    void anEditOfAnUnqueuedDocumentIsBasedOnTheLocalVersion() {
        QueueFolding.Fold fold = QueueFolding.fold(Optional.empty(), edit(OperationType.DELETE), "op", 5);

        assertThat(fold).isInstanceOf(QueueFolding.Append.class);
        assertThat(fold.operation().type()).isEqualTo(OperationType.DELETE);
        assertThat(fold.operation().baseVersion()).isEqualTo(5);
        assertThat(fold.operation().reason()).isEqualTo("user");
    }

    @Test
    void aCreateIsAlwaysBasedOnNothing() {
        assertThat(QueueFolding.fold(Optional.empty(), edit(OperationType.CREATE), "op", 4).operation()
                .baseVersion()).isZero();
    }

    @Test
    void nothingFollowsADelete() {
        for (QueueState state : QueueState.values()) {
            assertThatThrownBy(() -> QueueFolding.fold(Optional.of(entry(OperationType.DELETE, 2, state)),
                    edit(OperationType.UPDATE), "op", 2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("deleted");
        }
    }

    @Test
    void aSyncIdIsCreatedOnce() {
        assertThatThrownBy(() -> QueueFolding.fold(Optional.of(entry(OperationType.CREATE, 0, QueueState.ACCEPTED)),
                edit(OperationType.CREATE), "op", 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("created once");
    }
}
