package io.syncid.gateway.rest;

import java.time.Clock;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.rest.dto.OperationStatus;
import io.syncid.gateway.rest.dto.StreamEvents;
import io.syncid.gateway.service.LiveEvent;
import io.syncid.gateway.service.LiveStreams;
import io.syncid.gateway.service.StreamPosition;
import io.syncid.gateway.service.TextLimits;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;
import io.vertx.core.Vertx;

/**
 * {@code GET /v1/changes/stream}: server-sent events for a device in the foreground, so it settles its queue and learns
 * of its other devices' edits without polling. The stream holds no thread: events are written as results arrive.
 */
@Path("/v1/changes/stream")
@Authenticated
public class ChangeStreamResource {

    /** The event of a change: pull. */
    public static final String CHANGES = "changes";
    /** The event of one outcome of this device's operations. */
    public static final String OUTCOME = "outcome";
    /** The event of a stream that could not resume from its Last-Event-ID. */
    public static final String RESET = "reset";
    /** The last event of a stream whose token expired. */
    public static final String EXPIRED = "expired";

    private static final String EXAMPLE = """
            : heartbeat
            id: v1:41,17,8

            event: outcome
            id: v1:42,17,8
            data: {"opId":"9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b","status":"APPLIED","syncId":"3b241101-e2bb-4255-8caf-4136c566a962","version":4}

            event: changes
            id: v1:42,18,8
            data: {"syncIds":["5d0c9a2e-0b1f-4c3d-9e8f-7a6b5c4d3e2f"]}
            """;

    private final LiveStreams streams;
    private final Caller caller;
    private final JsonWebToken token;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final Clock clock;

    ChangeStreamResource(LiveStreams streams, Caller caller, JsonWebToken token, GatewayConfig config, Vertx vertx,
            Clock clock) {
        this.streams = streams;
        this.caller = caller;
        this.token = token;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamChanges", summary = "Server-sent events: the caller's document changes and the outcomes of this device's operations", description = "Events: `changes` (data {syncIds}) when documents of the "
            + "caller changed: pull from your cursor with GET /v1/documents (the syncIds are a hint; a device's own "
            + "APPLIED and DELETED bring no `changes`, their `outcome` has the version); `outcome` (data as one "
            + "status of GET /v1/operations: opId, status, syncId, version, conflictCopySyncId, error) once per "
            + "operation of this deviceId, when the writer recorded it; `reset` when the stream cannot resume from "
            + "Last-Event-ID: pull from your cursor and ask GET /v1/operations for the operations still pending; "
            + "`expired` when the token expires, then the stream ends: reconnect with a fresh token and the last "
            + "id. Every {heartbeat} a comment line (`: heartbeat`) with an `id:` keeps proxies from closing an idle "
            + "stream. An id is a position in the platform's log of write results, the same on every server: "
            + "reconnect with Last-Event-ID (EventSource does it) and the events after it are sent again, whichever "
            + "server answers, as long as it still holds them (the last {replay-results} results of all users); "
            + "otherwise `reset`. Events may repeat after a resume: apply outcomes by opId. At most "
            + "{max-streams-per-user} streams per user.")
    @APIResponse(responseCode = "200", description = "The event stream, for example:\n\n```\n" + EXAMPLE
            + "```", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(description = "The data of an event: an "
                    + "OperationStatus (outcome), a ChangesEvent (changes) or a StreamNotice (reset, expired)", oneOf = {
                            OperationStatus.class, StreamEvents.Changes.class,
                            StreamEvents.Notice.class})))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: deviceId is not 1 to 128 characters")
    @APIResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: the caller already has "
            + "{max-streams-per-user} streams open; retry after Retry-After seconds")
    @APIResponse(responseCode = "503", description = "SERVICE_UNAVAILABLE: the server holds as many streams as it "
            + "may; retry after Retry-After seconds")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "The device whose operations' outcomes the stream reports, as in POST /v1/changes", required = true) @QueryParam("deviceId") String deviceId,
            @Parameter(description = "The id of the last event received, to resume after it") @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        String userId = caller.userId();
        if (deviceId == null || deviceId.isBlank()
                || !TextLimits.within(deviceId, 1, ChangesResource.MAX_DEVICE_ID)) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "deviceId is required: a string of 1 to " + ChangesResource.MAX_DEVICE_ID + " characters");
        }
        long expiresInMillis = Math.max(1, token.getExpirationTime() * 1000 - clock.millis());
        // Reserved before the answer starts, so that a caller over its cap gets a 429, not a stream that fails.
        LiveStreams.Stream stream = streams.reserve(userId, deviceId, lastEventId);
        return Multi.createFrom().<LiveEvent>emitter(emitter -> {
            long heartbeat = vertx.setPeriodic(config.live().heartbeat().toMillis(), id -> stream.heartbeat());
            long expiry = vertx.setTimer(expiresInMillis, id -> {
                stream.expire();
                emitter.complete();
            });
            emitter.onTermination(() -> {
                vertx.cancelTimer(heartbeat);
                vertx.cancelTimer(expiry);
                stream.close();
            });
            stream.start(emitter::emit);
        }, config.live().streamBuffer()).map(event -> toSse(sse, event));
    }

    private static OutboundSseEvent toSse(Sse sse, LiveEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder();
        StreamPosition position = event.position();
        if (position != null) {
            builder.id(position.encode());
        }
        if (event instanceof LiveEvent.Changed changed) {
            builder.name(CHANGES).data(StreamEvents.Changes.class,
                    new StreamEvents.Changes(changed.syncIds().stream().map(Object::toString).toList()));
        } else if (event instanceof LiveEvent.OutcomeReport outcome) {
            builder.name(OUTCOME).data(OperationStatus.class, OperationStatus.of(outcome));
        } else if (event instanceof LiveEvent.Reset) {
            builder.name(RESET).data(StreamEvents.Notice.class, new StreamEvents.Notice("cannot resume from "
                    + "Last-Event-ID: pull from your cursor and ask GET /v1/operations for pending operations"));
        } else if (event instanceof LiveEvent.Expired) {
            builder.name(EXPIRED).data(StreamEvents.Notice.class,
                    new StreamEvents.Notice("the token expired: reconnect with a fresh token and Last-Event-ID"));
        } else {
            // A comment: no event reaches the device's handlers, but an id sets its Last-Event-ID.
            builder.comment("heartbeat");
        }
        return builder.build();
    }
}
