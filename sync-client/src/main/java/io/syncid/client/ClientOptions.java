package io.syncid.client;

import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link SyncClient} behaves.
 *
 * @param userId the user this device's database belongs to (the token's {@code sub}); a database refuses another
 * @param deviceId this device's id, sent with every flush (1 to 128 characters); the writer's conflict rules tell
 *            devices apart by it
 * @param batchSize operations per {@code POST /v1/changes} (1 to 500)
 * @param maxBatchBytes serialized operations per flush, kept under the gateway's 1 MiB body limit
 * @param pullLimit documents per pull page (1 to 1000)
 * @param clock the time of local edits ({@code occurredAt}) and of settled outcomes
 */
public record ClientOptions(String userId, String deviceId, int batchSize, int maxBatchBytes, int pullLimit,
        Clock clock) {

    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int DEFAULT_MAX_BATCH_BYTES = 768 * 1024;
    public static final int DEFAULT_PULL_LIMIT = 200;

    public ClientOptions {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clock, "clock");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        if (deviceId.isBlank() || deviceId.codePointCount(0, deviceId.length()) > 128) {
            throw new IllegalArgumentException("deviceId must be 1 to 128 characters");
        }
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException("batchSize must be 1 to 500");
        }
        if (maxBatchBytes < 4096) {
            throw new IllegalArgumentException("maxBatchBytes must be at least 4096");
        }
        if (pullLimit < 1 || pullLimit > 1000) {
            throw new IllegalArgumentException("pullLimit must be 1 to 1000");
        }
    }

    /** The defaults for {@code userId} on {@code deviceId}. */
    public static ClientOptions of(String userId, String deviceId) {
        return new ClientOptions(userId, deviceId, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_BYTES, DEFAULT_PULL_LIMIT,
                Clock.systemUTC());
    }

    public ClientOptions withBatchSize(int size) {
        return new ClientOptions(userId, deviceId, size, maxBatchBytes, pullLimit, clock);
    }

    public ClientOptions withPullLimit(int limit) {
        return new ClientOptions(userId, deviceId, batchSize, maxBatchBytes, limit, clock);
    }
}
