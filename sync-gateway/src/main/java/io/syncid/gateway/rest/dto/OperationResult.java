package io.syncid.gateway.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.gateway.service.OperationCheck;

/** The verdict on one pushed operation: ACCEPTED (durably in Kafka) or REJECTED with an error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationResult(String opId, String syncId, String status, ErrorBody error) {

    public static OperationResult of(OperationCheck check) {
        if (check instanceof OperationCheck.Rejected r) {
            return new OperationResult(r.opId(), r.syncId(), "REJECTED", new ErrorBody(r.code().name(), r.message()));
        }
        return new OperationResult(check.opId(), check.syncId(), "ACCEPTED", null);
    }
}
