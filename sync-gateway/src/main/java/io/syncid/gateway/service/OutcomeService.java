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
import io.syncid.model.store.OperationOutcomesTable;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
        Map<UUID, Map<String, AttributeValue>> found = outcomes.find(opIds);
        List<OperationStatus> out = new ArrayList<>(opIds.size());
        for (UUID opId : opIds) {
            Map<String, AttributeValue> item = found.get(opId);
            if (item == null || !userId.equals(str(item, OperationOutcomesTable.USER_ID))) {
                out.add(new OperationStatus(opId.toString(), Outcome.PENDING.name(), null, null, null, null));
                continue;
            }
            String code = str(item, OperationOutcomesTable.ERROR_CODE);
            AttributeValue version = item.get(OperationOutcomesTable.VERSION);
            out.add(new OperationStatus(opId.toString(), str(item, OperationOutcomesTable.OUTCOME),
                    str(item, OperationOutcomesTable.SYNC_ID), version == null ? null : Long.valueOf(version.n()),
                    str(item, OperationOutcomesTable.CONFLICT_COPY_SYNC_ID),
                    code == null ? null : new ErrorBody(code, null)));
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

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
