package io.syncid.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.gateway.messaging.ChangePublisher;
import io.syncid.gateway.repository.OwnerRepository;
import io.syncid.model.ChangeEvent;
import io.syncid.model.ErrorCode;
import io.syncid.model.OperationType;
import io.syncid.model.SyncId;
import io.syncid.runtime.aws.DynamoBatches;
import io.syncid.runtime.logging.OperationMdc;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Ingests a device's batch: checks each operation, rejects repeated opIds, publishes the valid ones to Kafka and
 * answers one result per operation in request order. Valid operations are accepted even when others are rejected.
 */
@ApplicationScoped
public class ChangeIngestService {

    private static final Logger LOG = Logger.getLogger(ChangeIngestService.class);

    private final OperationValidator validator;
    private final ChangePublisher publisher;
    private final OwnerRepository owners;
    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final DistributionSummary operationAge;
    private final Clock clock;
    private final Map<OperationType, Counter> acceptedCounters = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> rejectedCounters = new ConcurrentHashMap<>();

    ChangeIngestService(OperationValidator validator, ChangePublisher publisher, OwnerRepository owners,
            GatewayConfig config, MeterRegistry registry, Clock clock) {
        this.validator = validator;
        this.publisher = publisher;
        this.owners = owners;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        // How long devices sat offline with a queue: receivedAt - occurredAt of every accepted operation.
        this.operationAge = DistributionSummary.builder("sync_operation_age_seconds")
                .description("Age of an operation when the gateway received it (receivedAt - occurredAt)")
                .baseUnit("seconds")
                .publishPercentileHistogram()
                .minimumExpectedValue(0.001)
                .maximumExpectedValue((double) Duration.ofDays(30).toSeconds())
                .register(registry);
    }

    /**
     * @throws io.syncid.gateway.messaging.KafkaUnavailableException when Kafka does not take the batch; then nothing
     *         of it counts as accepted
     */
    public List<OperationCheck> ingest(String userId, String deviceId, JsonNode operations) {
        Instant receivedAt = clock.instant();
        List<OperationCheck> checks = new ArrayList<>(operations.size());
        Set<String> seenOpIds = new HashSet<>();
        for (JsonNode op : operations) {
            OperationCheck check = validator.check(op, userId, deviceId, receivedAt);
            if (check instanceof OperationCheck.Valid valid && !seenOpIds.add(valid.opId())) {
                check = new OperationCheck.Rejected(valid.opId(), valid.syncId(), ErrorCode.DUPLICATE_OP_ID,
                        "opId appears earlier in this batch");
            }
            checks.add(check);
        }
        if (config.ownershipPrecheck()) {
            rejectOthersDocuments(userId, deviceId, checks);
        }
        List<ChangeEvent> accepted = new ArrayList<>();
        for (OperationCheck check : checks) {
            if (check instanceof OperationCheck.Valid valid) {
                accepted.add(valid.event());
            }
        }
        publisher.publishAll(accepted);
        for (OperationCheck check : checks) {
            if (check instanceof OperationCheck.Valid valid) {
                acceptedCounters.computeIfAbsent(valid.event().type(),
                        t -> registry.counter("sync_operations_accepted_total", "type", t.name())).increment();
                Duration age = Duration.between(valid.event().occurredAt(), receivedAt);
                operationAge.record(Math.max(0, age.toMillis()) / 1000.0);
                if (LOG.isDebugEnabled()) {
                    ChangeEvent event = valid.event();
                    try (var mdc = OperationMdc.of(event.syncId(), event.opId(), userId, deviceId)) {
                        LOG.debugf("accepted %s op %s on syncId=%s", event.type(), valid.opId(), valid.syncId());
                    }
                }
            } else if (check instanceof OperationCheck.Rejected rejected) {
                rejectedCounters.computeIfAbsent(rejected.code(),
                        c -> registry.counter("sync_operations_rejected_total", "code", c.name())).increment();
                if (LOG.isDebugEnabled()) {
                    try (var mdc = OperationMdc.of(rejected.syncId(), rejected.opId(), userId, deviceId)) {
                        LOG.debugf("rejected op %s on syncId=%s: %s", rejected.opId(), rejected.syncId(),
                                rejected.code());
                    }
                }
            }
        }
        return checks;
    }

    /**
     * An UPDATE or DELETE of a syncId that exists and is another user's is rejected as NOT_FOUND, exactly as if the
     * document did not exist (SPEC §4). Unknown syncIds pass: their CREATE may still be on its way to the writer.
     * CREATEs are not read ahead: a fresh random syncId cannot be taken unless someone guessed it, and the writer's
     * conditional put answers SYNC_ID_UNAVAILABLE then; reading ahead would cost a read per new document for nothing.
     * When the batch's other operations made the owner known anyway, a CREATE is answered SYNC_ID_UNAVAILABLE at once.
     */
    private void rejectOthersDocuments(String userId, String deviceId, List<OperationCheck> checks) {
        List<SyncId> ids = checks.stream()
                .filter(OperationCheck.Valid.class::isInstance)
                .map(c -> ((OperationCheck.Valid) c).event())
                .filter(e -> e.type() != OperationType.CREATE)
                .map(ChangeEvent::syncId)
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<SyncId, String> owner;
        try {
            owner = owners.owners(ids);
        } catch (SdkException | DynamoBatches.UnprocessedException e) {
            // Fail open (SPEC §4: ingest works with Kafka alone): the writer enforces ownership atomically anyway.
            try (var mdc = OperationMdc.of(null, null, userId, deviceId)) {
                LOG.warnf("ownership read-ahead skipped for %d operations, DynamoDB failed: %s", ids.size(),
                        e.toString());
            }
            return;
        }
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i) instanceof OperationCheck.Valid valid) {
                String holder = owner.get(valid.event().syncId());
                if (holder != null && !holder.equals(userId)) {
                    boolean create = valid.event().type() == OperationType.CREATE;
                    checks.set(i, new OperationCheck.Rejected(valid.opId(), valid.syncId(),
                            create ? ErrorCode.SYNC_ID_UNAVAILABLE : ErrorCode.NOT_FOUND,
                            create
                                    ? "this syncId cannot be used; generate a new one"
                                    : "no document with this syncId"));
                }
            }
        }
    }
}
