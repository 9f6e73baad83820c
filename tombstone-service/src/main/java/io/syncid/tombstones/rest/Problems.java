package io.syncid.tombstones.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.syncid.model.ErrorCode;

/**
 * RFC 9457 problem+json answers built from an {@link ErrorCode}, in the gateway's shape ({@code type}, {@code title},
 * {@code status}, {@code detail}, {@code code}).
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://syncid.io/problems/";

    private Problems() {
    }

    public static Response response(ErrorCode code, String detail) {
        int status = code.httpStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        body.put("title", Character.toUpperCase(words.charAt(0)) + words.substring(1));
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code.name());
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
