package io.syncid.gateway.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.gateway.service.OutcomeService;
import io.syncid.model.Outcome;
import io.syncid.model.store.OperationOutcome;

/** The outcome of one of the caller's operations, or PENDING when none is recorded (SPEC §4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationStatus(String opId, String status, String syncId, Long version, String conflictCopySyncId,
        ErrorBody error) {

    public static OperationStatus of(OutcomeService.Status status) {
        OperationOutcome o = status.recorded();
        if (o == null) {
            return new OperationStatus(status.opId().toString(), Outcome.PENDING.name(), null, null, null, null);
        }
        return new OperationStatus(status.opId().toString(), o.outcome().name(),
                o.syncId() == null ? null : o.syncId().toString(), o.version(),
                o.conflictCopySyncId() == null ? null : o.conflictCopySyncId().toString(),
                o.errorCode() == null ? null : new ErrorBody(o.errorCode().name(), null));
    }
}
