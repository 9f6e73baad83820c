package io.syncid.gateway.rest.dto;

import java.util.List;

/** Answer of {@code GET /v1/operations}: one status per asked opId, in the order asked. */
public record OperationsResponse(List<OperationStatus> operations) {
}
