package io.syncid.gateway.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.syncid.gateway.repository.OutcomeRepository;
import io.syncid.model.ErrorCode;
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

    /** What is known of one opId: its recorded outcome, or null while PENDING (for all the device can tell). */
    public record Status(UUID opId, OperationOutcome recorded) {
    }

    public List<Status> statuses(String userId, String opIdsParam) {
        List<UUID> opIds = parse(opIdsParam);
        Map<UUID, OperationOutcome> found = outcomes.find(opIds);
        List<Status> out = new ArrayList<>(opIds.size());
        for (UUID opId : opIds) {
            OperationOutcome o = found.get(opId);
            // Another user's outcome is PENDING too: the answer never tells it apart from an unknown opId.
            out.add(new Status(opId, o != null && userId.equals(o.userId()) ? o : null));
        }
        return out;
    }

    private static List<UUID> parse(String param) {
        if (param == null || param.isBlank()) {
            throw new Refusal(ErrorCode.VALIDATION_FAILED, "opIds is required: 1 to " + MAX_OP_IDS + " UUIDs");
        }
        String[] parts = param.split(",", -1);
        if (parts.length > MAX_OP_IDS) {
            throw new Refusal(ErrorCode.VALIDATION_FAILED,
                    "opIds holds " + parts.length + " ids; at most " + MAX_OP_IDS);
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (String part : parts) {
            if (!SyncId.isValid(part)) {
                throw new Refusal(ErrorCode.INVALID_OP_ID, "not a UUID version 4: '" + part + "'");
            }
            ids.add(UUID.fromString(part.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(ids);
    }
}
