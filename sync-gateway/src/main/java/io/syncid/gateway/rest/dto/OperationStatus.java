package io.syncid.gateway.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The outcome of one of the caller's operations, or PENDING when none is recorded (SPEC §4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationStatus(String opId, String status, String syncId, Long version, String conflictCopySyncId,
        ErrorBody error) {
}
