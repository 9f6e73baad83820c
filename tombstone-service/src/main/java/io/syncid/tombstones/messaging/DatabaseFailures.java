package io.syncid.tombstones.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import io.syncid.model.ErrorCode;
import io.syncid.runtime.kafka.Failure;
import io.syncid.runtime.kafka.FailureClassifier;

/**
 * Classifies a consumer's failure like {@link FailureClassifier}, and also knows PostgreSQL: a database that is down,
 * restarting or out of connections (SQLSTATE classes 08, 53, 57P; serialization failures and deadlocks) is retriable
 * — the record is fine and must not be dead-lettered because the registry was away.
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static Failure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientException || c instanceof SQLRecoverableException
                    || c instanceof SQLException sql && transientState(sql.getSQLState())) {
                return new Failure(Failure.Kind.RETRIABLE, ErrorCode.SERVICE_UNAVAILABLE,
                        c.getClass().getSimpleName() + ": " + c.getMessage());
            }
        }
        return FailureClassifier.classify(t);
    }

    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01"));
    }
}
