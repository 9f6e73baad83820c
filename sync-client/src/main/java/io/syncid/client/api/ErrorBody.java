package io.syncid.client.api;

/** A per-operation error of the device API: a stable code and a message (absent on recorded outcomes). */
public record ErrorBody(String code, String message) {
}
