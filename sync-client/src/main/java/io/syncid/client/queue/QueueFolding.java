package io.syncid.client.queue;

import java.util.Optional;

import io.syncid.model.OperationType;

/**
 * The device side of SPEC §6 as a pure function: a new local edit either folds into the document's last queue entry,
 * when that entry has not been sent yet, or is appended after it. Folding on the device keeps the queue as short as
 * the consolidator would make it, so an offline day of edits costs one operation per document.
 *
 * <table>
 * <caption>last unsent entry + new edit</caption>
 * <tr><td>CREATE + UPDATE</td><td>CREATE with the last state</td></tr>
 * <tr><td>UPDATE + UPDATE</td><td>UPDATE with the last state, baseVersion of the first</td></tr>
 * <tr><td>CREATE + DELETE</td><td>DELETE (baseVersion 0: still pushed, so the syncId is settled as deleted)</td></tr>
 * <tr><td>UPDATE + DELETE</td><td>DELETE with the baseVersion of the UPDATE</td></tr>
 * <tr><td>DELETE + anything</td><td>refused: a deleted document is never edited again (SPEC §2)</td></tr>
 * </table>
 * An entry already sent (SENDING, ACCEPTED) never changes: a retried flush must send the same opIds with the same
 * content, so the new edit is appended with the version the device's content is based on.
 */
public final class QueueFolding {

    private QueueFolding() {
    }

    /** What to do with the queue: replace an unsent entry, or append a new one. */
    public sealed interface Fold {
        QueuedOperation operation();
    }

    /** Replace the unsent entry of the same {@code seq} and opId. */
    public record Replace(QueuedOperation operation) implements Fold {
    }

    /** Append a new entry (its {@code seq} is assigned by the store). */
    public record Append(QueuedOperation operation) implements Fold {
    }

    /**
     * Folds {@code edit} onto {@code last}, the document's newest queue entry (if any).
     *
     * @param newOpId a fresh opId for an appended entry (a folded one keeps the entry's opId: it was never sent)
     * @param localVersion the server version the device's content of the document is based on (0: none seen yet)
     * @throws IllegalStateException when the edit is not allowed after {@code last} (an edit after a DELETE, a
     *             second CREATE of the syncId)
     */
    public static Fold fold(Optional<QueuedOperation> last, LocalEdit edit, String newOpId, long localVersion) {
        if (last.isPresent() && !last.get().syncId().equals(edit.syncId())) {
            throw new IllegalArgumentException("the last entry is of another document");
        }
        if (edit.type() == OperationType.CREATE && last.isPresent()) {
            throw new IllegalStateException("syncId " + edit.syncId() + " is already queued: a syncId is created once");
        }
        if (last.isPresent() && last.get().type() == OperationType.DELETE) {
            throw new IllegalStateException("document " + edit.syncId() + " is deleted: it cannot change again");
        }
        if (last.isPresent() && last.get().state() == QueueState.QUEUED) {
            QueuedOperation entry = last.get();
            OperationType type = switch (edit.type()) {
                case UPDATE -> entry.type();
                case DELETE -> OperationType.DELETE;
                default -> throw new IllegalStateException("cannot fold " + edit.type());
            };
            return new Replace(new QueuedOperation(entry.seq(), entry.opId(), entry.syncId(), type,
                    entry.baseVersion(), edit.at(), edit.document(), edit.reason(), QueueState.QUEUED));
        }
        long base = edit.type() == OperationType.CREATE ? 0 : localVersion;
        return new Append(new QueuedOperation(0, newOpId, edit.syncId(), edit.type(), base, edit.at(),
                edit.document(), edit.reason(), QueueState.QUEUED));
    }
}
