package io.syncid.model.store;

import static io.syncid.model.store.OperationOutcomesTable.*;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.syncid.model.ErrorCode;
import io.syncid.model.Outcome;
import io.syncid.model.SyncId;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of {@code OperationOutcomes}: the final outcome of one opId, as the remote-writer records it and the
 * gateway's {@code GET /v1/operations} reads it. {@link #toItem()} and {@link #fromItem(Map)} are the one mapping.
 */
public record OperationOutcome(UUID opId, String userId, SyncId syncId, Outcome outcome, ErrorCode errorCode,
        long version, SyncId conflictCopySyncId, Instant recordedAt, long expiresAtEpochSecond) {

    public OperationOutcome {
        Objects.requireNonNull(opId, "OperationOutcome.opId is required");
        Objects.requireNonNull(userId, "OperationOutcome.userId is required");
        Objects.requireNonNull(outcome, "OperationOutcome.outcome is required");
        if (outcome == Outcome.PENDING) {
            throw new IllegalArgumentException("PENDING is reported, never recorded");
        }
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(OP_ID, AttributeValue.fromS(opId.toString()));
        item.put(USER_ID, AttributeValue.fromS(userId));
        item.put(OUTCOME, AttributeValue.fromS(outcome.name()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(version)));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAtEpochSecond)));
        if (syncId != null) {
            item.put(SYNC_ID, AttributeValue.fromS(syncId.toString()));
        }
        if (errorCode != null) {
            item.put(ERROR_CODE, AttributeValue.fromS(errorCode.name()));
        }
        if (conflictCopySyncId != null) {
            item.put(CONFLICT_COPY_SYNC_ID, AttributeValue.fromS(conflictCopySyncId.toString()));
        }
        if (recordedAt != null) {
            item.put(RECORDED_AT, AttributeValue.fromS(recordedAt.toString()));
        }
        return item;
    }

    public static OperationOutcome fromItem(Map<String, AttributeValue> item) {
        String syncId = str(item, SYNC_ID);
        String code = str(item, ERROR_CODE);
        String copy = str(item, CONFLICT_COPY_SYNC_ID);
        String recorded = str(item, RECORDED_AT);
        return new OperationOutcome(
                UUID.fromString(str(item, OP_ID)),
                str(item, USER_ID),
                syncId == null ? null : SyncId.parse(syncId),
                Outcome.valueOf(str(item, OUTCOME)),
                code == null ? null : ErrorCode.valueOf(code),
                num(item, VERSION),
                copy == null ? null : SyncId.parse(copy),
                recorded == null ? null : Instant.parse(recorded),
                num(item, EXPIRES_AT));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
