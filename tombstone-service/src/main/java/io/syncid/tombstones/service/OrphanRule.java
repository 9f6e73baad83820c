package io.syncid.tombstones.service;

import java.time.Instant;
import java.util.Optional;

import io.syncid.model.SyncId;
import io.syncid.model.store.DocumentItem;

/**
 * The orphan rule of SPEC §8 as plain code: an object at {@code {userId}/{syncId}/{fileName}} is an orphan when its
 * document is deleted (a tombstone or reservation: at once), or, once the object is older than the grace period, when
 * the document never appeared, belongs to someone else, or no longer lists that file. Keys outside the layout are not
 * attachments and are left alone.
 */
public final class OrphanRule {

    private OrphanRule() {
    }

    /** An object key split along the attachment layout. */
    public record AttachmentPath(String userId, SyncId syncId, String fileName) {

        /** The parts of {@code key}, or empty when it does not follow {@code {userId}/{syncId}/{fileName}}. */
        public static Optional<AttachmentPath> parse(String key) {
            int first = key.indexOf('/');
            int second = first < 0 ? -1 : key.indexOf('/', first + 1);
            if (first <= 0 || second < 0 || second == key.length() - 1 || key.indexOf('/', second + 1) >= 0) {
                return Optional.empty();
            }
            String syncId = key.substring(first + 1, second);
            if (!SyncId.isValid(syncId) || !syncId.equals(syncId.toLowerCase(java.util.Locale.ROOT))) {
                return Optional.empty();
            }
            return Optional.of(new AttachmentPath(key.substring(0, first), SyncId.parse(syncId),
                    key.substring(second + 1)));
        }
    }

    /**
     * Whether the object is an orphan.
     *
     * @param document the document of the object's syncId, empty when there is none
     * @param lastModified when the object was written
     * @param graceStart objects written before this instant are past the grace period
     */
    public static boolean isOrphan(AttachmentPath path, Optional<DocumentItem> document, Instant lastModified,
            Instant graceStart) {
        if (document.isPresent() && document.get().deleted() && document.get().isOwnedBy(path.userId())) {
            return true;
        }
        if (!lastModified.isBefore(graceStart)) {
            return false;
        }
        if (document.isEmpty() || !document.get().isOwnedBy(path.userId()) || document.get().deleted()) {
            return true;
        }
        return document.get().attachments().stream().noneMatch(a -> a.fileName().equals(path.fileName()));
    }
}
