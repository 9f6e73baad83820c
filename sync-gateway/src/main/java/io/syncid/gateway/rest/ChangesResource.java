package io.syncid.gateway.rest;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.messaging.KafkaUnavailableException;
import io.syncid.gateway.rest.dto.ChangesRequest;
import io.syncid.gateway.rest.dto.ChangesResponse;
import io.syncid.gateway.rest.dto.OperationResult;
import io.syncid.gateway.service.ChangeIngestService;
import io.syncid.gateway.service.TextLimits;
import io.syncid.model.ErrorCode;
import io.syncid.model.EventJson;
import io.syncid.runtime.rest.ProblemException;

/** {@code POST /v1/changes}: a device flushes its offline queue (SPEC §4). */
@Path("/v1/changes")
@Authenticated
@Blocking
public class ChangesResource {

    /** Longest deviceId, in characters (code points). */
    static final int MAX_DEVICE_ID = 128;
    /** Trailing tokens after the object are an error, not something to ignore. */
    private static final ObjectReader ENVELOPE_READER = EventJson.mapper()
            .readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ChangeIngestService ingest;
    private final GatewayConfig config;
    private final Caller caller;

    ChangesResource(ChangeIngestService ingest, GatewayConfig config, Caller caller) {
        this.ingest = ingest;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "pushChanges", summary = "Push a batch of CREATE/UPDATE/DELETE operations", description = "A device flushes its offline queue: 1 to {max-operations} operations, a body of at most "
            + "{max-body-bytes} bytes. Each operation gets its own verdict, in request order; ACCEPTED means "
            + "durably in the change log. Lengths count Unicode code points: title 1 to {max-title}, category "
            + "1 to {max-category}, fields at most {max-fields-bytes} bytes serialized, at most "
            + "{max-attachments} attachments with file names of 1 to {max-file-name} characters. baseVersion "
            + "is required on UPDATE and DELETE (0 when the device has seen no server version yet).")
    @RequestBody(required = true, description = "{deviceId, operations[1..{max-operations}]}; at most "
            + "{max-body-bytes} bytes", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangesRequest.class), examples = @ExampleObject(name = "update", value = ChangesRequest.EXAMPLE)))
    @APIResponse(responseCode = "202", description = "One result per operation, in request order", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangesResponse.class), examples = @ExampleObject(name = "accepted", value = ChangesResponse.EXAMPLE)))
    @APIResponse(responseCode = "400", description = "MALFORMED_REQUEST: the body is not JSON, or its envelope is "
            + "invalid (VALIDATION_FAILED)")
    @APIResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE: the body exceeds {max-body-bytes} bytes")
    @APIResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: the body is not declared "
            + "application/json (a missing Content-Type included)")
    @APIResponse(responseCode = "503", description = "SERVICE_UNAVAILABLE: the change log cannot take the batch; "
            + "nothing in it was accepted, retry the whole batch after Retry-After ({retry-after}) seconds")
    public Response push(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        String userId = caller.userId();
        if (contentType == null || contentType.isBlank()) {
            // The JSON media type is matched only when declared: a body of unknown type is not guessed at (SPEC §4).
            throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the request has no Content-Type; send application/json");
        }
        JsonNode envelope = readEnvelope(body);
        JsonNode deviceId = envelope.get("deviceId");
        if (deviceId == null || !deviceId.isTextual() || deviceId.textValue().isBlank()
                || !TextLimits.within(deviceId.textValue(), 1, MAX_DEVICE_ID)) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "deviceId is required: a string of 1 to " + MAX_DEVICE_ID + " characters");
        }
        JsonNode operations = envelope.get("operations");
        if (operations == null || !operations.isArray()) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "operations is required: an array");
        }
        if (operations.isEmpty() || operations.size() > config.maxOperations()) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "operations must hold 1 to " + config.maxOperations() + " entries, got " + operations.size());
        }
        try {
            var results = ingest.ingest(userId, deviceId.textValue(), operations).stream()
                    .map(OperationResult::of)
                    .toList();
            return Response.accepted(new ChangesResponse(results)).type(MediaType.APPLICATION_JSON).build();
        } catch (KafkaUnavailableException e) {
            throw new ProblemException(ErrorCode.SERVICE_UNAVAILABLE,
                    "the change log cannot take the batch now; nothing in it was accepted, retry the whole batch",
                    java.util.Map.of(), config.retryAfter());
        }
    }

    private JsonNode readEnvelope(byte[] bytes) {
        if (bytes == null) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body is empty");
        }
        if (bytes.length > config.maxBodyBytes()) {
            throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body exceeds " + config.maxBodyBytes() + " bytes");
        }
        JsonNode envelope;
        try {
            envelope = ENVELOPE_READER.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON");
        } catch (IOException e) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body cannot be read");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return envelope;
    }
}
