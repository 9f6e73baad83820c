package io.syncid.gateway.repository;

import java.util.List;
import java.util.Map;

import io.syncid.model.store.ChangePosition;
import io.syncid.model.store.DocumentItem;
import io.syncid.model.store.DocumentItemCodec;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's items of one lane as read from {@code UserIndex}, in position order: each item's position at once, the
 * documents decoded only when asked, so a pull can read its next lane while this one is decoded and written elsewhere.
 */
public final class LaneRead {

    private static final LaneRead EMPTY = new LaneRead(List.of());

    private final List<Map<String, AttributeValue>> items;

    private LaneRead(List<Map<String, AttributeValue>> items) {
        this.items = items;
    }

    /** Items as read from the index, in position order; the list is kept, not copied. */
    public static LaneRead of(List<Map<String, AttributeValue>> items) {
        return new LaneRead(items);
    }

    /** No items. */
    public static LaneRead empty() {
        return EMPTY;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The first {@code count} items. */
    public LaneRead head(int count) {
        return count >= items.size() ? this : new LaneRead(items.subList(0, count));
    }

    /** The change position of item {@code index}. */
    public ChangePosition position(int index) {
        return DocumentItemCodec.changePosition(items.get(index));
    }

    /** When item {@code index} got its position. */
    public long changedAtMillis(int index) {
        return DocumentItemCodec.changedAtMillis(items.get(index));
    }

    /** The items decoded, in position order: each call decodes them again. */
    public List<DocumentItem> documents() {
        return items.stream().map(DocumentItemCodec::fromItem).toList();
    }
}
