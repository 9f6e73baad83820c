package io.syncid.gateway.rest.dto;

/** A per-operation error: a stable code and a human-readable message. */
public record ErrorBody(String code, String message) {
}
