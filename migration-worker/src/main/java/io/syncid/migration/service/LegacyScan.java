package io.syncid.migration.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.syncid.migration.legacy.LegacySchema;
import io.syncid.model.SyncId;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the scan at the start of a run finds in the legacy table: the ids, how many are live, the syncIds shared by
 * more than one item (the old bug, compared normalized) and the content duplicates (same owner, title, category,
 * createdAt).
 */
public record LegacyScan(List<String> ids, int live, Map<String, List<String>> sharedSyncIds,
        Map<String, List<String>> contentDuplicates) {

    public static final String SHARED_SYNC_ID = "SHARED_SYNC_ID";
    public static final String CONTENT_DUPLICATE = "CONTENT_DUPLICATE";

    public static LegacyScan of(List<Map<String, AttributeValue>> items) {
        List<String> ids = new ArrayList<>();
        int live = 0;
        Map<String, List<String>> bySyncId = new TreeMap<>();
        Map<String, List<String>> byContent = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            String id = text(item, LegacySchema.ID);
            if (id == null) {
                continue;
            }
            ids.add(id);
            if (!flag(item, LegacySchema.DELETED) && !flag(item, LegacySchema.DS_DELETED)) {
                live++;
            }
            String syncId = text(item, LegacySchema.SYNC_ID);
            if (SyncId.isValid(syncId)) {
                bySyncId.computeIfAbsent(SyncId.parse(syncId).toString(), k -> new ArrayList<>()).add(id);
            }
            String owner = text(item, LegacySchema.OWNER);
            if (owner != null) {
                String key = owner + "|" + text(item, LegacySchema.TITLE) + "|" + text(item, LegacySchema.CATEGORY)
                        + "|" + text(item, LegacySchema.CREATED_AT);
                byContent.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            }
        }
        ids.sort(null);
        return new LegacyScan(ids, live, groups(bySyncId), groups(byContent));
    }

    /** Both kinds of duplicates, by kind, for the ledger. */
    public Map<String, Map<String, List<String>>> duplicates() {
        Map<String, Map<String, List<String>>> all = new LinkedHashMap<>();
        all.put(SHARED_SYNC_ID, sharedSyncIds);
        all.put(CONTENT_DUPLICATE, contentDuplicates);
        return all;
    }

    private static Map<String, List<String>> groups(Map<String, List<String>> all) {
        Map<String, List<String>> groups = new TreeMap<>();
        all.forEach((key, ids) -> {
            if (ids.size() > 1) {
                List<String> sorted = new ArrayList<>(ids);
                sorted.sort(null);
                groups.put(key, List.copyOf(sorted));
            }
        });
        return groups;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }
}
