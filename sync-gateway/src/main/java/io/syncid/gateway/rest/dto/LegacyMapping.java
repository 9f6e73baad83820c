package io.syncid.gateway.rest.dto;

/** A legacy document's id and the syncId it was given by the migration. */
public record LegacyMapping(String legacyId, String syncId) {
}
