package io.syncid.tombstones.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncid.model.EventJson;
import io.syncid.model.WriteResult;
import io.syncid.runtime.kafka.DeadLetters;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;
import io.syncid.runtime.logging.OperationMdc;
import io.syncid.tombstones.service.TombstoneRecorder;

/**
 * The thin Kafka adapter of {@code sync.results} (STYLE 1, 2): reads raw bytes, parses with sync-model, hands the
 * result to {@link TombstoneRecorder} and acknowledges. A dependency that is down (PostgreSQL) is retried with backoff
 * on the same record, forever, while the partition waits; a record that can never be processed is nacked to
 * {@code sync.results.dlq} with the {@link FailureClassifier}'s code and message as headers ({@link DeadLetters}).
 */
@ApplicationScoped
public class ResultsConsumer {

    private static final Logger LOG = Logger.getLogger(ResultsConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final TombstoneRecorder recorder;

    ResultsConsumer(TombstoneRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("results")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                WriteResult result = EventJson.read(message.getPayload(), WriteResult.class);
                try (var mdc = OperationMdc.of(result.syncId(), result.resultId(), result.userId(),
                        result.deviceId())) {
                    recorder.handle(result);
                }
                return message.ack();
            } catch (RuntimeException e) {
                Failure failure = FailureClassifier.classify(e);
                if (!failure.retriable()) {
                    return deadLetter(message, e, failure);
                }
                LOG.warnf("retrying a result in %d ms: %s", backoff.toMillis(), failure.message());
                if (!sleep(backoff)) {
                    // Shutting down: leave the record unacknowledged (redelivered after the restart), never DLQ it.
                    return new CompletableFuture<>();
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static CompletionStage<Void> deadLetter(Message<byte[]> message, Throwable e, Failure failure) {
        var incoming = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        LOG.errorf("result dead-lettered (%s): %s", failure.code(), failure.message());
        if (incoming == null) {
            return message.nack(e);
        }
        // SmallRye's dead-letter handler copies the original record and headers; ours add the code and message.
        var headers = DeadLetters.headers(null, failure, incoming.getTopic(), incoming.getPartition(),
                incoming.getOffset());
        return message.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }

    private static boolean sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
