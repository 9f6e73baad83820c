package io.syncid.gateway.rest.dto;

import java.util.List;

/** One page of a delta pull: changed documents (tombstones included) in change order, and where to go on. */
public record PullResponse(List<DocumentView> documents, String nextCursor, boolean hasMore) {

    /** The example of the API description. */
    public static final String EXAMPLE = """
            {"documents": [{"syncId": "3b241101-e2bb-4255-8caf-4136c566a962", "title": "Home insurance",
             "category": "insurance", "fields": {"renewal": "2027-01-31"}, "version": 4, "deleted": false}],
             "nextCursor": "djE7MTc2NDAwMDAwMDAwMDswPTEyLjA", "hasMore": false}""";
}
