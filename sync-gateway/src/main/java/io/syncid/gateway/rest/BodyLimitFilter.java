package io.syncid.gateway.rest;

import jakarta.enterprise.event.Observes;

import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.ErrorCode;
import io.syncid.runtime.rest.Problems;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * Answers 413 problem+json for a declared {@code Content-Length} over the limit before any of the body is read, so a
 * device sending too much learns it at once and the server buffers nothing. Chunked bodies are counted as they are
 * read by the resource.
 */
public class BodyLimitFilter {

    void install(@Observes Router router, GatewayConfig config) {
        router.route().order(-100).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = -1;
                }
                if (declared > config.maxBodyBytes()) {
                    ctx.response()
                            .setStatusCode(413)
                            .putHeader("Content-Type", Problems.MEDIA_TYPE)
                            .putHeader("Connection", "close")
                            .end(Json.encode(Problems.body(ErrorCode.PAYLOAD_TOO_LARGE,
                                    "the body exceeds " + config.maxBodyBytes() + " bytes", java.util.Map.of())));
                    return;
                }
            }
            ctx.next();
        });
    }
}
