package io.syncid.gateway.rest.dto;

import java.util.List;

/** One page of a delta pull: changed documents (tombstones included) in change order, and where to go on. */
public record PullResponse(List<DocumentView> documents, String nextCursor, boolean hasMore) {
}
