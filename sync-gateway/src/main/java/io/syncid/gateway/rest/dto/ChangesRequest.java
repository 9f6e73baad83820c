package io.syncid.gateway.rest.dto;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.syncid.model.Attachment;

/**
 * The body of {@code POST /v1/changes}, for the API description only: the resource reads the JSON tree itself, so
 * that every operation gets its own verdict (SPEC §4).
 */
@Schema(description = "A device's queue flush: its deviceId and 1 to {max-operations} operations")
public record ChangesRequest(
        @Schema(required = true, description = "The pushing device, 1 to 128 characters") String deviceId,
        @Schema(required = true) List<Operation> operations) {

    /** One queued operation. */
    @Schema(name = "ChangeOperation")
    public record Operation(
            @Schema(required = true, description = "UUID version 4 chosen by the device: the idempotency key") String opId,
            @Schema(required = true, description = "UUID version 4 of the document") String syncId,
            @Schema(required = true, enumeration = {
                    "CREATE", "UPDATE", "DELETE"}) String type,
            @Schema(description = "The version the device last saw: 0 or absent on CREATE, required on UPDATE and "
                    + "DELETE (0 when the device has seen no server version yet)") Long baseVersion,
            @Schema(required = true, description = "ISO-8601 instant with offset") String occurredAt,
            @Schema(description = "Required on CREATE and UPDATE, absent on DELETE") Document document,
            @Schema(description = "Why (e.g. user), at most 256 characters") String reason){
    }

    /** The content of a document as the device sends it. */
    @Schema(name = "DocumentInput")
    public record Document(
            @Schema(required = true, description = "1 to {max-title} characters (code points)") String title,
            @Schema(required = true, description = "1 to {max-category} characters (code points)") String category,
            @Schema(description = "Free-form JSON object, at most {max-fields-bytes} bytes serialized") Map<String, Object> fields,
            @Schema(description = "At most {max-attachments}; s3Key is set by the server") List<Attachment> attachments) {
    }

    /** The example of the API description. */
    public static final String EXAMPLE = """
            {"deviceId": "pixel-7-a1", "operations": [{"opId": "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b",
             "syncId": "3b241101-e2bb-4255-8caf-4136c566a962", "type": "UPDATE", "baseVersion": 3,
             "occurredAt": "2026-11-24T10:15:30.123Z", "document": {"title": "Home insurance",
             "category": "insurance", "fields": {"renewal": "2027-01-31"}, "attachments": [{"fileName": "policy.pdf",
             "contentType": "application/pdf", "size": 48213, "checksum": "sha256:9c1d…"}]}}]}""";
}
