package io.syncid.gateway.support;

import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.syncid.model.Topics;
import io.syncid.testkit.TopicRecords;

/** Reads {@code sync.changes} from the beginning, as a test's witness of what the gateway really published. */
public final class ChangesTopic {

    private ChangesTopic() {
    }

    /** Every record on the topic now. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap) {
        return TopicRecords.readAll(bootstrap, Topics.CHANGES);
    }

    /** Records whose {@code ce_id} (the opId) matches. */
    public static List<ConsumerRecord<String, byte[]>> withOpIds(String bootstrap, Predicate<String> opId) {
        return readAll(bootstrap).stream().filter(r -> opId.test(TopicRecords.header(r, "ce_id"))).toList();
    }
}
