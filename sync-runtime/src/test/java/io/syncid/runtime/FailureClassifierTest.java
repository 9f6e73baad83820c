package io.syncid.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import io.syncid.model.ErrorCode;
import io.syncid.model.EventDeserializationException;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class FailureClassifierTest {

    @Test
    void anUnreadableRecordIsPoisonWithItsOwnCode() {
        Failure f = FailureClassifier.classify(
                new EventDeserializationException(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion 9"));
        assertThat(f.kind()).isEqualTo(Failure.Kind.POISON);
        assertThat(f.code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
        assertThat(f.message()).contains("schemaVersion 9");
    }

    @Test
    void aBrokenInvariantIsPoison() {
        assertThat(FailureClassifier.classify(new IllegalArgumentException("x.syncId is required")).kind())
                .isEqualTo(Failure.Kind.POISON);
    }

    @Test
    void aDependencyThatIsDownSlowOrThrottlingIsRetriable() {
        assertThat(FailureClassifier.classify(SdkClientException.create("connection refused")).retriable()).isTrue();
        assertThat(FailureClassifier.classify(ApiCallTimeoutException.create(5000)).retriable()).isTrue();
        assertThat(FailureClassifier.classify(ProvisionedThroughputExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .message("slow down").build()).retriable()).isTrue();
        assertThat(FailureClassifier.classify(DynamoDbException.builder().statusCode(500).build()).retriable())
                .isTrue();
        assertThat(FailureClassifier.classify(new NotEnoughReplicasException("isr")).retriable()).isTrue();
        assertThat(FailureClassifier.classify(new CompletionException(new IOException("reset"))).retriable())
                .isTrue();
    }

    @Test
    void aRequestDynamoDbRefusesAsInvalidIsPoison() {
        Failure f = FailureClassifier
                .classify(DynamoDbException.builder().statusCode(400).message("Item size too large").build());
        assertThat(f.kind()).isEqualTo(Failure.Kind.POISON);
        assertThat(f.code()).isEqualTo(ErrorCode.POISON_RECORD);
    }

    @Test
    void anUnexpectedExceptionIsPoisonSoItCannotBlockItsPartition() {
        Failure f = FailureClassifier.classify(new IllegalStateException("bug"));
        assertThat(f.kind()).isEqualTo(Failure.Kind.POISON);
        assertThat(f.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void servesAsARetryPredicate() {
        assertThat(new FailureClassifier.Retriable().test(SdkClientException.create("down"))).isTrue();
        assertThat(new FailureClassifier.Retriable().test(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void aDatabaseThatIsAwayIsRetriableButABrokenStatementIsNot() {
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("refused", "08001"))).retriable())
                .isTrue();
        assertThat(FailureClassifier.classify(new SQLException("too many clients", "53300")).retriable()).isTrue();
        assertThat(FailureClassifier.classify(new SQLException("admin shutdown", "57P01")).retriable()).isTrue();
        assertThat(FailureClassifier.classify(new SQLException("deadlock", "40P01")).retriable()).isTrue();
        assertThat(FailureClassifier.classify(new SQLException("syntax", "42601")).retriable()).isFalse();
    }
}
