package io.syncid.gateway.rest.dto;

import java.util.List;

/** Answer of {@code POST /v1/changes}: one result per operation, in request order. */
public record ChangesResponse(List<OperationResult> results) {
}
