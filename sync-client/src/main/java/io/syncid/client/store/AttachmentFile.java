package io.syncid.client.store;

import io.syncid.model.Attachment;
import io.syncid.model.SyncId;

/**
 * One row of {@code file_attachments}: an attachment's metadata, where its bytes are on the device (relative to the
 * files directory, null while not downloaded) and what transfer it waits for.
 */
public record AttachmentFile(SyncId documentSyncId, int position, Attachment attachment, String localPath,
        Transfer transfer) {

    /** The transfer an attachment waits for. */
    public enum Transfer {
        /** Added on this device: upload before the operation that names it is pushed. */
        UPLOAD,
        /** Known from the server: download and check against its checksum. */
        DOWNLOAD,
        /** The device holds the bytes the metadata describes. */
        DONE
    }
}
