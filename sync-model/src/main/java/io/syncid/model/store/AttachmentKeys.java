package io.syncid.model.store;

import io.syncid.model.SyncId;

/** The one S3 layout of attachments (SPEC §3): {@code {userId}/{syncId}/{fileName}}. */
public final class AttachmentKeys {

    private AttachmentKeys() {
    }

    /** The object key of one attachment. */
    public static String key(String userId, SyncId syncId, String fileName) {
        return prefix(userId, syncId) + fileName;
    }

    /** The prefix holding every attachment of one document, ending in {@code /}. */
    public static String prefix(String userId, SyncId syncId) {
        return userId + "/" + syncId + "/";
    }
}
