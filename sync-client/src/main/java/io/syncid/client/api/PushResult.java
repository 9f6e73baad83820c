package io.syncid.client.api;

/** The gateway's verdict on one pushed operation: ACCEPTED (durably in Kafka) or REJECTED with an error. */
public record PushResult(String opId, String syncId, String status, ErrorBody error) {

    public boolean accepted() {
        return "ACCEPTED".equals(status);
    }
}
