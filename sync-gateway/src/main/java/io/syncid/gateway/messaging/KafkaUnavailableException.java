package io.syncid.gateway.messaging;

/** Kafka did not acknowledge a batch in time: the device must retry the whole batch later. */
public class KafkaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
