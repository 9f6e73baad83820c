package io.syncid.runtime.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.common.errors.RetriableException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.syncid.model.ErrorCode;
import io.syncid.model.EventDeserializationException;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one failure classifier of every consumer (STYLE: one failure path): a dependency that is down, slow or
 * throttling (PostgreSQL included: down, restarting, out of connections, a serialization failure or deadlock) is
 * {@link Failure.Kind#RETRIABLE} (retried with backoff, forever: nothing is lost while DynamoDB or Kafka
 * is away); a record that can never be processed (unreadable, unknown schema version, broken invariant, refused by
 * DynamoDB as invalid) or any unexpected exception is {@link Failure.Kind#POISON} (dead-lettered, so one bad record
 * never blocks its partition). Also a {@link Predicate} for SmallRye Fault Tolerance's {@code @RetryWhen}.
 */
public final class FailureClassifier implements Predicate<Throwable> {

    private FailureClassifier() {
    }

    /** For {@code @RetryWhen(exception = FailureClassifier.Retriable.class)}. */
    public static final class Retriable implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable t) {
            return classify(t).retriable();
        }
    }

    @Override
    public boolean test(Throwable t) {
        return classify(t).retriable();
    }

    /** The failure {@code t} stands for; looks through wrapping causes. */
    public static Failure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException
                    || c instanceof SQLException sql && transientSqlState(sql.getSQLState())) {
                return new Failure(Failure.Kind.RETRIABLE, ErrorCode.SERVICE_UNAVAILABLE, message(c));
            }
            if (c instanceof EventDeserializationException e) {
                return poison(e.code(), e);
            }
            if (c instanceof JsonProcessingException || c instanceof IllegalArgumentException
                    || c instanceof NullPointerException) {
                // Invariants of an event record, or JSON that does not bind: this record will never go through.
                return poison(ErrorCode.POISON_RECORD, c);
            }
            if (c instanceof AwsServiceException aws) {
                return aws(aws);
            }
            if (c instanceof SdkClientException || c instanceof DynamoBatches.UnprocessedException
                    || c instanceof RetriableException || c instanceof TimeoutException || c instanceof IOException
                    || c instanceof UncheckedIOException || c instanceof InterruptedException) {
                return new Failure(Failure.Kind.RETRIABLE, ErrorCode.SERVICE_UNAVAILABLE, message(c));
            }
        }
        return poison(ErrorCode.INTERNAL_ERROR, t);
    }

    /** SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown); 40001/40P01 (serialization, deadlock). */
    private static boolean transientSqlState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01"));
    }

    private static Failure aws(AwsServiceException e) {
        int status = e.statusCode();
        boolean transientError = e.isThrottlingException() || status >= 500 || status == 401 || status == 403
                || status == 0 || e.retryable();
        if (transientError) {
            // 401/403: credentials or a policy being rotated — an operator's fix, not the record's fault.
            return new Failure(Failure.Kind.RETRIABLE, ErrorCode.SERVICE_UNAVAILABLE, message(e));
        }
        return poison(ErrorCode.POISON_RECORD, e);
    }

    private static Failure poison(ErrorCode code, Throwable t) {
        return new Failure(Failure.Kind.POISON, code, message(t));
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
