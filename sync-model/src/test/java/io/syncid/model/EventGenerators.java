package io.syncid.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Random valid events for the property tests; JSON-exact values only (ints, doubles, strings, booleans, nesting). */
final class EventGenerators {

    private EventGenerators() {
    }

    static ChangeEvent change(Random r) {
        OperationType type = pick(r, OperationType.values());
        return new ChangeEvent(EventSchema.CURRENT_VERSION, uuid(r), syncId(r), type,
                type == OperationType.CREATE ? 0 : 1 + r.nextInt(1000), instant(r),
                type.carriesDocument() ? content(r) : null, r.nextBoolean() ? "user" : null, "user-" + r.nextInt(100),
                "device-" + r.nextInt(100), instant(r));
    }

    static ConsolidatedOperation consolidated(Random r) {
        OperationType type = pick(r, OperationType.values());
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, syncId(r), "user-" + r.nextInt(100),
                "device-" + r.nextInt(9), type, type.carriesDocument() ? content(r) : null, r.nextInt(50), instant(r),
                r.nextBoolean() ? "user" : null, uuids(r, 1 + r.nextInt(5)), uuids(r, r.nextInt(3)), instant(r));
    }

    static WriteResult result(Random r) {
        Outcome outcome = pick(r, new Outcome[]{Outcome.APPLIED, Outcome.DUPLICATE, Outcome.CONFLICT_RESOLVED,
                Outcome.DELETED, Outcome.REJECTED});
        return new WriteResult(EventSchema.CURRENT_VERSION, uuid(r), syncId(r), "user-" + r.nextInt(100),
                "device-" + r.nextInt(9), outcome, outcome == Outcome.REJECTED ? pick(r, ErrorCode.values()) : null,
                r.nextInt(100), uuids(r, 1 + r.nextInt(4)), uuids(r, r.nextInt(2)),
                outcome == Outcome.CONFLICT_RESOLVED ? syncId(r) : null,
                outcome == Outcome.DELETED ? instant(r) : null, outcome == Outcome.DELETED ? "device-1" : null,
                outcome == Outcome.DELETED ? "user" : null, instant(r));
    }

    static MigrationTask migration(Random r) {
        return new MigrationTask(EventSchema.CURRENT_VERSION, uuid(r), "legacy-" + r.nextInt(1_000_000),
                r.nextBoolean(), instant(r));
    }

    static DocumentContent content(Random r) {
        List<Attachment> attachments = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            attachments.add(new Attachment("file-" + i + "-" + r.nextInt(1000) + ".pdf",
                    r.nextBoolean() ? "application/pdf" : null, r.nextBoolean() ? (long) r.nextInt(1 << 20) : null,
                    r.nextBoolean() ? "sha256:" + Long.toHexString(r.nextLong()) : null,
                    r.nextBoolean() ? "label" : null, null));
        }
        return new DocumentContent(text(r, 1 + r.nextInt(40)), text(r, 1 + r.nextInt(20)), map(r, 0), attachments);
    }

    private static Map<String, Object> map(Random r, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            map.put("k" + r.nextInt(1000), value(r, depth));
        }
        return map;
    }

    private static Object value(Random r, int depth) {
        int kind = depth > 2 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> text(r, r.nextInt(12));
            case 1 -> r.nextInt();
            case 2 -> r.nextBoolean();
            case 3 -> r.nextInt(1000) / 8.0 + 0.5;
            case 4 -> map(r, depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String text(Random r, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzÄÖÜß€ \"\\/\n日本";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static SyncId syncId(Random r) {
        return SyncId.parse(SyncIdPropertyTest.randomV4(r));
    }

    private static UUID uuid(Random r) {
        return UUID.fromString(SyncIdPropertyTest.randomV4(r));
    }

    private static List<UUID> uuids(Random r, int n) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(uuid(r));
        }
        return out;
    }

    private static Instant instant(Random r) {
        return Instant.ofEpochSecond(1_600_000_000L + r.nextInt(200_000_000), r.nextInt(1_000_000) * 1000L);
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
