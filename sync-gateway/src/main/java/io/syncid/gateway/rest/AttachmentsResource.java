package io.syncid.gateway.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.rest.dto.PresignedUrl;
import io.syncid.gateway.service.AttachmentUrls;
import io.syncid.gateway.service.DocumentAccess;

/** Presigned S3 URLs for {@code {userId}/{syncId}/{fileName}}, for the document's owner only (SPEC §4). */
@Path("/v1/documents/{syncId}/attachments/{fileName}")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentsResource {

    private final AttachmentUrls urls;
    private final Caller caller;

    AttachmentsResource(AttachmentUrls urls, Caller caller) {
        this.urls = urls;
        this.caller = caller;
    }

    @POST
    @Path("/upload-url")
    @Operation(operationId = "createUploadUrl", summary = "A presigned PUT URL for one attachment of the caller's document", description = "Valid for {presign-expiry}. Allowed before the document's first write (right after "
            + "pushing its CREATE): the key is always under the caller's own prefix.")
    @APIResponse(responseCode = "200", description = "The URL, its method and expiry")
    @APIResponse(responseCode = "400", description = "INVALID_FILE_NAME: not 1 to {max-file-name} characters, or "
            + "with /, \\, NUL or control characters (INVALID_SYNC_ID for a bad syncId)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: the document is another user's")
    @APIResponse(responseCode = "410", description = "TOMBSTONED: the document is deleted")
    public PresignedUrl uploadUrl(@PathParam("syncId") String syncId, @PathParam("fileName") String fileName) {
        return PresignedUrl.of(urls.upload(caller.userId(), DocumentAccess.syncId(syncId), fileName));
    }

    @POST
    @Path("/download-url")
    @Operation(operationId = "createDownloadUrl", summary = "A presigned GET URL for one attachment of the caller's document", description = "Valid for {presign-expiry}.")
    @APIResponse(responseCode = "200", description = "The URL, its method and expiry")
    @APIResponse(responseCode = "400", description = "INVALID_FILE_NAME: not 1 to {max-file-name} characters, or "
            + "with /, \\, NUL or control characters (INVALID_SYNC_ID for a bad syncId)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: unknown document, or another user's")
    @APIResponse(responseCode = "410", description = "TOMBSTONED: the document is deleted")
    public PresignedUrl downloadUrl(@PathParam("syncId") String syncId, @PathParam("fileName") String fileName) {
        return PresignedUrl.of(urls.download(caller.userId(), DocumentAccess.syncId(syncId), fileName));
    }
}
