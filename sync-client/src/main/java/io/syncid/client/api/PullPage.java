package io.syncid.client.api;

import java.util.List;

/** One page of a delta pull: documents in change order (tombstones included), the cursor after them, more to come. */
public record PullPage(List<RemoteDocument> documents, String nextCursor, boolean hasMore) {

    public PullPage {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }
}
