package io.syncid.model;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A legacy document as the run's scan read it, carried by its {@link MigrationTask} so that the worker need not read
 * it again: the {@code LegacyDocument} item and its {@code LegacyFileAttachment} items, each in DynamoDB's JSON form
 * ({@code {"title": {"S": "…"}, "version": {"N": "3"}}}), attribute types kept as stored (a malformed item must fail
 * for the reason it would have failed when read).
 */
public record LegacySnapshot(JsonNode document, List<JsonNode> attachments) {

    private static final String NAME = "LegacySnapshot";

    public LegacySnapshot {
        Required.field(document, NAME, "document");
        attachments = Required.list(attachments, NAME, "attachments");
        if (!document.isObject() || attachments.stream().anyMatch(a -> !a.isObject())) {
            throw new IllegalArgumentException(NAME + " items must be JSON objects");
        }
    }
}
