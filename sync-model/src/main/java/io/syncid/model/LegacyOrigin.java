package io.syncid.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where an IMPORT operation came from (SPEC §9): the legacy document's old id, its creation time and its legacy
 * version, so the migrated document keeps every timestamp and its version history. Present on IMPORT only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LegacyOrigin(String legacyId, Instant createdAt, long legacyVersion) {

    private static final String NAME = "LegacyOrigin";

    public LegacyOrigin {
        Required.field(legacyId, NAME, "legacyId");
        Required.notNegative(legacyVersion, NAME, "legacyVersion");
    }
}
