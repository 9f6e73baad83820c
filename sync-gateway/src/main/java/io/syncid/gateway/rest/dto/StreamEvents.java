package io.syncid.gateway.rest.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The data of the events of {@code GET /v1/changes/stream} other than {@code outcome} (which is an OperationStatus). */
public final class StreamEvents {

    private StreamEvents() {
    }

    /** {@code changes}: documents of the caller changed; pull from the device's cursor. */
    @Schema(name = "ChangesEvent")
    public record Changes(
            @Schema(description = "The documents that changed (a hint: the pull is what delivers them)") List<String> syncIds) {
    }

    /** {@code reset} and {@code expired}: why, for people reading logs. */
    @Schema(name = "StreamNotice")
    public record Notice(String reason) {
    }
}
