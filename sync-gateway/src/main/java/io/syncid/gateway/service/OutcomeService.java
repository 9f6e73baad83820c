package io.syncid.gateway.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.gateway.repository.OutcomeRepository;
import io.syncid.gateway.rest.ProblemException;
import io.syncid.gateway.rest.dto.ErrorBody;
import io.syncid.gateway.rest.dto.OperationStatus;
import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;
import io.syncid.model.store.OperationOutcome;

/**
 * Answers a device's "what became of my operations": the recorded outcome of each of the caller's opIds, PENDING for
 * anything unrecorded, unknown or another user's (the three are never told apart).
 */
@ApplicationScoped
public class OutcomeService {

    public static final int MAX_OP_IDS = 100;

    private final OutcomeRepository outcomes;

    OutcomeService(OutcomeRepository outcomes) {
        this.outcomes = outcomes;
    }

    public List<OperationStatus> statuses(String userId, String opIdsParam) {
        List<UUID> opIds = parse(opIdsParam);
        Map<UUID, OperationOutcome> found = outcomes.find(opIds);
        List<OperationStatus> out = new ArrayList<>(opIds.size());
        for (UUID opId : opIds) {
            OperationOutcome o = found.get(opId);
            if (o == null || !userId.equals(o.userId())) {
                out.add(new OperationStatus(opId.toString(), Outcome.PENDING.name(), null, null, null, null));
                continue;
            }
            out.add(new OperationStatus(opId.toString(), o.outcome().name(),
                    o.syncId() == null ? null : o.syncId().toString(), o.version(),
                    o.conflictCopySyncId() == null ? null : o.conflictCopySyncId().toString(),
                    o.errorCode() == null ? null : new ErrorBody(o.errorCode().name(), null)));
        }
        return out;
    }

    private static List<UUID> parse(String param) {
        if (param == null || param.isBlank()) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED, "opIds is required: 1 to " + MAX_OP_IDS + " UUIDs");
        }
        String[] parts = param.split(",", -1);
        if (parts.length > MAX_OP_IDS) {
            throw new ProblemException(ErrorCode.VALIDATION_FAILED,
                    "opIds holds " + parts.length + " ids; at most " + MAX_OP_IDS);
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (String part : parts) {
            if (!SyncId.isValid(part)) {
                throw new ProblemException(ErrorCode.INVALID_OP_ID, "not a UUID version 4: '" + part + "'");
            }
            ids.add(UUID.fromString(part.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(ids);
    }
}
