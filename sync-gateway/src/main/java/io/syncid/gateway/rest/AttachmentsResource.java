package io.syncid.gateway.rest;

import java.io.IOException;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.rest.dto.PresignedUrl;
import io.syncid.gateway.rest.dto.UploadRequest;
import io.syncid.gateway.service.AttachmentUrls;
import io.syncid.gateway.service.DocumentAccess;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;

/** Presigned S3 URLs for {@code {userId}/{syncId}/{fileName}}, for the document's owner only (SPEC §4). */
@Path("/v1/documents/{syncId}/attachments/{fileName}")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentsResource {

    private final AttachmentUrls urls;
    private final Caller caller;
    private final ObjectMapper json;

    AttachmentsResource(AttachmentUrls urls, Caller caller, ObjectMapper json) {
        this.urls = urls;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Path("/upload-url")
    @Operation(operationId = "createUploadUrl", summary = "A presigned PUT URL for one attachment of the caller's document", description = "Valid for {presign-expiry}, for exactly the declared size and "
            + "type (Content-Length and, when declared, Content-Type are signed; at most {max-attachment-bytes} "
            + "bytes). Allowed "
            + "before the document's first write (right after pushing its CREATE): the key is always under the "
            + "caller's own prefix.")
    @RequestBody(required = true, description = "The type and size of the upload", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadRequest.class), examples = @ExampleObject(name = "pdf", value = UploadRequest.EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The URL, its method, expiry and the headers to send with "
            + "exactly these values: S3 refuses an upload of another Content-Type or Content-Length")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: size missing, negative or over "
            + "{max-attachment-bytes} bytes, or a contentType that is not a media type (INVALID_FILE_NAME for a file name that is "
            + "not 1 to {max-file-name} characters or has /, \\, NUL or control characters; INVALID_SYNC_ID for a "
            + "bad syncId; MALFORMED_REQUEST for a body that is not the JSON object)")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: the document is another user's")
    @APIResponse(responseCode = "410", description = "TOMBSTONED: the document is deleted")
    @APIResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: the body is not declared "
            + "application/json")
    public PresignedUrl uploadUrl(@PathParam("syncId") String syncId, @PathParam("fileName") String fileName,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        // The caller first: a request without a valid token learns nothing else (so the body is read here, not
        // matched by @Consumes, which would answer 415 before authentication).
        String userId = caller.userId();
        if (!isJson(contentType)) {
            throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
        }
        JsonNode declared = declaration(body);
        JsonNode type = declared.get("contentType");
        JsonNode size = declared.get("size");
        if (type != null && !type.isNull() && !type.isTextual()) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "contentType must be a string");
        }
        if (size != null && !size.isNull() && !size.canConvertToExactIntegral()) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "size must be a whole number of bytes");
        }
        return PresignedUrl.of(urls.upload(userId, DocumentAccess.syncId(syncId), fileName,
                type == null || type.isNull() ? null : type.textValue(),
                size == null || size.isNull() || !size.canConvertToLong() ? null : size.longValue()));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            return MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private JsonNode declaration(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "the body is required: {contentType, size} of the upload");
        }
        JsonNode declared;
        try {
            declared = json.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON");
        }
        if (declared == null || !declared.isObject()) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return declared;
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
