package io.syncid.model;

/** The final outcome of one operation (SPEC §4, §7); PENDING is only ever reported, never recorded. */
public enum Outcome {
    APPLIED, DUPLICATE, CONFLICT_RESOLVED, DELETED, REJECTED, PENDING
}
