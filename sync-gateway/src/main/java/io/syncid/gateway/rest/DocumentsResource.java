package io.syncid.gateway.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.rest.dto.DocumentView;
import io.syncid.gateway.rest.dto.PullResponse;
import io.syncid.gateway.service.ChangeListeners;
import io.syncid.gateway.service.DocumentAccess;
import io.syncid.gateway.service.PullService;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.ProblemException;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/documents}: delta pull and single-document read (SPEC §4). */
@Path("/v1/documents")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {

    /** The first pause before a woken, empty long-poll looks again; each next pause doubles it. */
    static final Duration FIRST_RELOOK = Duration.ofMillis(50);

    private final PullService pull;
    private final DocumentAccess access;
    private final GatewayConfig config;
    private final Caller caller;
    private final ChangeListeners listeners;
    private final List<Duration> relookPauses;
    private final CurrentIdentityAssociation identity;
    private final ObjectMapper mapper;

    DocumentsResource(PullService pull, DocumentAccess access, GatewayConfig config, Caller caller,
            ChangeListeners listeners, CurrentIdentityAssociation identity, ObjectMapper mapper) {
        this.pull = pull;
        this.access = access;
        this.config = config;
        this.caller = caller;
        this.listeners = listeners;
        this.relookPauses = relookPauses(config.pull().settleWindow());
        this.identity = identity;
        this.mapper = mapper;
    }

    @GET
    @Operation(operationId = "pullDocuments", summary = "Pull the caller's documents changed after a cursor (no cursor: full pull)", description = "Pages in change order, tombstones included. Follow nextCursor while hasMore is true: a "
            + "paged pull delivers each document once. The cursor of the last page is the since of the next "
            + "pull, which re-delivers changes younger than the settle window ({settle-window}); apply by "
            + "syncId and version. With wait (1 to {max-wait} seconds) an empty page is not answered at once: "
            + "the request is held until a change of the caller is applied (then the pull runs again and answers "
            + "with it) or the wait ends (an empty page with the same cursor semantics). A device long-polls by "
            + "sending its cursor with wait again after each answer.")
    @APIResponse(responseCode = "200", description = "A page in change order, tombstones included", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PullResponse.class), examples = @ExampleObject(name = "page", value = PullResponse.EXAMPLE)))
    @APIResponse(responseCode = "400", description = "INVALID_CURSOR: since is not a cursor this server issued, or "
            + "limit is not 1 to {max-limit} or wait not 1 to {max-wait} (VALIDATION_FAILED)")
    @APIResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: the caller already holds "
            + "{max-held-per-user} long-polls; retry after Retry-After seconds")
    @APIResponse(responseCode = "503", description = "SERVICE_UNAVAILABLE: a dependency did not answer in time, or "
            + "the server holds as many long-polls as it may; retry after Retry-After seconds")
    @APIResponse(responseCode = "410", description = "RESYNC_REQUIRED: the cursor is older than the tombstone "
            + "retention horizon; do a full pull")
    public CompletionStage<Response> pull(
            @Parameter(description = "The nextCursor of the previous page; absent for a full pull") @QueryParam("since") String since,
            @Parameter(description = "Page size, 1 to {max-limit} (default {default-limit})") @QueryParam("limit") String limit,
            @Parameter(description = "Long-poll: seconds (1 to {max-wait}) to hold an empty answer until a change") @QueryParam("wait") String wait,
            @Context RoutingContext routing) {
        String userId = caller.userId();
        int pageSize = limit(limit);
        Duration patience = waitFor(wait);
        if (patience == null) {
            PageJson json = new PageJson(mapper, Infrastructure.getDefaultWorkerPool());
            PullService.Page page = pull.pull(userId, since, pageSize, json::lane);
            return CompletableFuture.completedFuture(ok(json.finish(page)));
        }
        long deadline = System.nanoTime() + patience.toNanos();
        lightenHeldRequest(routing);
        return new LongPoll(pull, listeners, Infrastructure.getDefaultWorkerPool(),
                page -> ok(PageJson.of(mapper, page)), relookPauses, userId, since, pageSize, deadline).start();
    }

    /**
     * A held long-poll lives up to a minute, so what it keeps counts ten thousand times: Quarkus keeps the request's
     * memoized authentication pipeline (each step wrapped by context propagation, about 4 KiB), and the identity and
     * the request headers each keep the raw bearer token (about 0.6 KiB each). The caller is known by now, so the
     * request keeps an identity of just its principal and roles, and no token: 10 000 held long-polls hold 50 MiB
     * less heap.
     */
    private void lightenHeldRequest(RoutingContext routing) {
        if (routing.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity full = user.getSecurityIdentity();
            SecurityIdentity slim = QuarkusSecurityIdentity.builder()
                    .setPrincipal(full.getPrincipal())
                    .addRoles(full.getRoles())
                    .build();
            QuarkusHttpUser.setIdentity(slim, routing);
            identity.setIdentity(slim);
        }
        routing.request().headers().remove(HttpHeaders.AUTHORIZATION);
    }

    /**
     * The pauses before each look again after a wake-up found nothing: {@link #FIRST_RELOOK}, doubling, adding up to
     * the settle window exactly. Looking once at the end of the window made a lagging index cost every woken
     * long-poll the whole window (2 s) where the change was most often visible within a few hundred milliseconds.
     */
    static List<Duration> relookPauses(Duration settleWindow) {
        List<Duration> pauses = new ArrayList<>();
        Duration spent = Duration.ZERO;
        Duration step = FIRST_RELOOK;
        while (spent.compareTo(settleWindow) < 0) {
            Duration pause = step.compareTo(settleWindow.minus(spent)) < 0 ? step : settleWindow.minus(spent);
            pauses.add(pause);
            spent = spent.plus(pause);
            step = step.multipliedBy(2);
        }
        return pauses;
    }

    /** A page written by {@link PageJson}: the JSON of a {@link PullResponse}. */
    private static Response ok(byte[] page) {
        return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Duration waitFor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        int max = config.live().maxWaitSeconds();
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new ProblemException(ErrorCode.VALIDATION_FAILED, "wait must be an integer from 1 to " + max);
    }

    @GET
    @Path("/{syncId}")
    @Operation(operationId = "getDocument", summary = "Read one of the caller's documents")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "400", description = "INVALID_SYNC_ID: the path does not hold a UUID version 4")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: unknown, or another user's")
    @APIResponse(responseCode = "410", description = "TOMBSTONED: deleted; the body carries the tombstone")
    public DocumentView get(@PathParam("syncId") String syncId) {
        String userId = caller.userId();
        return DocumentView.of(access.live(userId, DocumentAccess.syncId(syncId)));
    }

    private int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return config.pull().defaultLimit();
        }
        int max = config.pull().maxLimit();
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new ProblemException(ErrorCode.VALIDATION_FAILED, "limit must be an integer from 1 to " + max);
    }
}
