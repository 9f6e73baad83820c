package io.syncid.gateway.rest.dto;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.syncid.gateway.service.LiveEvent;
import io.syncid.gateway.service.OutcomeService;
import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
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
        return of(status.opId(), o.outcome(), o.errorCode(), o.syncId(), o.version(), o.conflictCopySyncId());
    }

    /** The outcome a change stream reports for one opId, the same as {@code GET /v1/operations} would. */
    public static OperationStatus of(LiveEvent.OutcomeReport report) {
        return of(report.opId(), report.outcome(), report.errorCode(), report.syncId(), report.version(),
                report.conflictCopySyncId());
    }

    private static OperationStatus of(UUID opId, Outcome outcome, ErrorCode code, SyncId syncId, long version,
            SyncId copy) {
        return new OperationStatus(opId.toString(), outcome.name(), syncId == null ? null : syncId.toString(),
                version, copy == null ? null : copy.toString(), code == null ? null : new ErrorBody(code.name(), null));
    }
}
