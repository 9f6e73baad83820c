package io.syncid.runtime.logging;

import org.jboss.logging.MDC;

/**
 * Puts the identities of the operation being handled (SPEC §10: {@code syncId}, {@code opId}, {@code userId},
 * {@code deviceId}) into the logging MDC for a try-with-resources block, so every JSON log line written meanwhile
 * names them; closing restores what was there before (handlers may nest).
 */
public final class OperationMdc implements AutoCloseable {

    public static final String SYNC_ID = "syncId";
    public static final String OP_ID = "opId";
    public static final String USER_ID = "userId";
    public static final String DEVICE_ID = "deviceId";

    private static final String[] KEYS = {SYNC_ID, OP_ID, USER_ID, DEVICE_ID};

    private final Object[] previous = new Object[KEYS.length];

    private OperationMdc(Object... values) {
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            if (values[i] != null) {
                MDC.put(KEYS[i], values[i].toString());
            }
        }
    }

    /** Names these identities on every log line until {@link #close()}; null values are left out. */
    public static OperationMdc of(Object syncId, Object opId, String userId, String deviceId) {
        return new OperationMdc(syncId, opId, userId, deviceId);
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], previous[i]);
            }
        }
    }
}
