package io.syncid.model;

/**
 * An attachment whose object in S3 is not what the document declares (SPEC §3, issue #14): reported on the
 * {@link WriteResult} of the write that stored the declaration, never a reason to refuse it (the device may upload the
 * right bytes later). {@code found*} are the object's; {@code foundChecksum} is {@code sha256:<hex>}, or null when it
 * was not computed (no checksum declared, the size already differs, or the object is larger than the writer hashes).
 */
public record AttachmentMismatch(
        String fileName,
        Long declaredSize,
        String declaredChecksum,
        long foundSize,
        String foundChecksum) {

    private static final String NAME = "AttachmentMismatch";

    public AttachmentMismatch {
        Required.field(fileName, NAME, "fileName");
        Required.notNegative(foundSize, NAME, "foundSize");
    }
}
