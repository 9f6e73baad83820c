package io.syncid.runtime.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.syncid.model.ErrorCode;

/**
 * Builds RFC 9457 problem+json answers: the one place that turns an {@link ErrorCode} into an HTTP response, for every
 * service's API. Members: {@code type}, {@code title}, {@code status}, {@code detail}, the stable {@code code}, and
 * extension members.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://syncid.io/problems/";

    private Problems() {
    }

    public static Response response(ErrorCode code, String detail) {
        return response(code, detail, Map.of());
    }

    public static Response response(ErrorCode code, String detail, Map<String, Object> extensions) {
        return Response.status(code.httpStatus())
                .type(MEDIA_TYPE)
                .entity(body(code, detail, extensions))
                .build();
    }

    /** {@code Retry-After} in whole seconds, at least one (a zero would invite an immediate retry storm). */
    public static Response withRetryAfter(Response response, Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        return Response.fromResponse(response).header("Retry-After", seconds).build();
    }

    /** The problem document as an ordered map, so extension members sit flat beside the standard ones. */
    public static Map<String, Object> body(ErrorCode code, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", title(code));
        body.put("status", code.httpStatus());
        body.put("detail", detail);
        body.put("code", code.name());
        body.putAll(extensions);
        return body;
    }

    private static String title(ErrorCode code) {
        String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
