package io.syncid.client.api;

/** 410 RESYNC_REQUIRED: the cursor is older than the tombstone retention horizon; the device pulls everything. */
public class ResyncRequiredException extends ApiException {

    private static final long serialVersionUID = 1L;

    public ResyncRequiredException(String message) {
        super(410, "RESYNC_REQUIRED", message);
    }
}
