package io.syncid.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Random valid events for the property tests. Free-form values are only of the Java types Jackson reads back
 * (Integer, Long beyond the int range, Double, String, Boolean, null, nested maps and lists), so a round trip can be
 * checked with plain {@code equals}.
 */
final class EventGenerators {

    private static final Outcome[] RECORDED_OUTCOMES = Arrays.stream(Outcome.values())
            .filter(o -> o != Outcome.PENDING)
            .toArray(Outcome[]::new);

    private EventGenerators() {
    }

    static ChangeEvent change(Random r) {
        OperationType type = pick(r, OperationType.values());
        return new ChangeEvent(EventSchema.CURRENT_VERSION, uuid(r), syncId(r), type,
                type == OperationType.CREATE ? 0 : 1 + r.nextInt(1000), instant(r),
                type.carriesDocument() ? content(r) : null, maybe(r, "user"), "user-" + r.nextInt(100),
                "device-" + r.nextInt(100), instant(r), legacy(r, type));
    }

    private static LegacyOrigin legacy(Random r, OperationType type) {
        return type == OperationType.IMPORT
                ? new LegacyOrigin("legacy-" + r.nextInt(1_000_000), instant(r),
                        r.nextInt(20))
                : null;
    }

    static ConsolidatedOperation consolidated(Random r) {
        OperationType type = pick(r, OperationType.values());
        return new ConsolidatedOperation(EventSchema.CURRENT_VERSION, syncId(r), "user-" + r.nextInt(100),
                "device-" + r.nextInt(9), type, type.carriesDocument() ? content(r) : null, r.nextInt(50),
                instant(r), maybe(r, "user"), uuids(r, 1 + r.nextInt(5)),
                type == OperationType.DELETE ? uuids(r, r.nextInt(3)) : r.nextBoolean() ? null : List.of(),
                instant(r), instant(r), legacy(r, type));
    }

    static WriteResult result(Random r) {
        return result(r, pick(r, RECORDED_OUTCOMES));
    }

    static WriteResult result(Random r, Outcome outcome) {
        boolean deleted = outcome == Outcome.DELETED;
        return new WriteResult(EventSchema.CURRENT_VERSION, uuid(r), syncId(r), "user-" + r.nextInt(100),
                maybe(r, "device-" + r.nextInt(9)), outcome,
                outcome == Outcome.REJECTED ? pick(r, ErrorCode.values()) : null, r.nextInt(100),
                uuids(r, 1 + r.nextInt(4)), uuids(r, r.nextInt(2)),
                outcome == Outcome.CONFLICT_RESOLVED ? syncId(r) : null, deleted ? instant(r) : null,
                deleted ? "device-1" : null, deleted ? maybe(r, "user") : null, instant(r),
                outcome == Outcome.APPLIED || outcome == Outcome.CONFLICT_RESOLVED ? mismatches(r) : null);
    }

    private static List<AttachmentMismatch> mismatches(Random r) {
        List<AttachmentMismatch> out = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            out.add(new AttachmentMismatch("file-" + i + ".pdf", r.nextBoolean() ? null : (long) r.nextInt(1 << 20),
                    maybe(r, "sha256:" + Long.toHexString(r.nextLong())), r.nextInt(1 << 20),
                    maybe(r, "sha256:" + "0".repeat(64))));
        }
        return out;
    }

    static MigrationTask migration(Random r) {
        String legacyId = "legacy-" + r.nextInt(1_000_000);
        return new MigrationTask(EventSchema.CURRENT_VERSION, uuid(r), legacyId, r.nextBoolean(), instant(r),
                r.nextBoolean() ? null : snapshot(r, legacyId));
    }

    /** A legacy item in DynamoDB's JSON form with 0–2 attachment items, attribute types mixed as stored. */
    static LegacySnapshot snapshot(Random r, String legacyId) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putObject("id").put("S", legacyId);
        document.putObject("title").put("S", text(r, 1 + r.nextInt(40)));
        document.putObject("version").put("N", Integer.toString(r.nextInt(100)));
        document.putObject("_deleted").put("BOOL", r.nextBoolean());
        List<JsonNode> attachments = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            a.putObject("documentId").put("S", legacyId);
            a.putObject("fileName").put("S", "file-" + i + ".pdf");
            a.putObject("fileSize").put("N", Integer.toString(r.nextInt(1 << 20)));
            attachments.add(a);
        }
        return new LegacySnapshot(document, attachments);
    }

    static DocumentContent content(Random r) {
        List<Attachment> attachments = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            attachments.add(new Attachment(fileName(r, i),
                    maybe(r, "application/pdf"), r.nextBoolean() ? (long) r.nextInt(1 << 20) : null,
                    maybe(r, "sha256:" + Long.toHexString(r.nextLong())), maybe(r, text(r, 5)),
                    maybe(r, "user-1/" + RandomIds.v4(r) + "/file.pdf")));
        }
        return new DocumentContent(text(r, 1 + r.nextInt(40)), text(r, 1 + r.nextInt(20)),
                r.nextInt(8) == 0 ? null : map(r, 0), r.nextInt(8) == 0 ? null : attachments);
    }

    private static Map<String, Object> map(Random r, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            map.put(text(r, r.nextInt(10)), value(r, depth));
        }
        return map;
    }

    private static Object value(Random r, int depth) {
        int kind = depth > 2 ? r.nextInt(6) : r.nextInt(8);
        return switch (kind) {
            case 0 -> text(r, r.nextInt(12));
            case 1 -> r.nextInt();
            case 2 -> r.nextBoolean();
            case 3 -> r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
            case 4 -> (r.nextBoolean() ? 1 : -1) * ((long) Integer.MAX_VALUE + 2 + (r.nextLong() >>> 2));
            case 5 -> null;
            case 6 -> map(r, depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, depth + 1));
                }
                yield list;
            }
        };
    }

    /** A valid, distinct attachment name (SPEC §4), not only ASCII. */
    static String fileName(Random r, int index) {
        String alphabet = "abcXYZ09 ._-()äé日本";
        StringBuilder out = new StringBuilder("f").append(index);
        for (int i = r.nextInt(12); i > 0; i--) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Text that JSON must escape or encode: quotes, backslashes, control characters, non-Latin and emoji. */
    static String text(Random r, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz ÄÖÜß€\"\\/\n\t\u0001日本";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (r.nextInt(20) == 0) {
                out.append("\uD83D\uDCC4"); // a surrogate pair: must survive as one code point
            } else {
                out.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }

    static SyncId syncId(Random r) {
        return SyncId.parse(RandomIds.randomCase(RandomIds.v4(r), r));
    }

    static UUID uuid(Random r) {
        return UUID.fromString(RandomIds.v4(r));
    }

    private static List<UUID> uuids(Random r, int n) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(uuid(r));
        }
        return out;
    }

    private static Instant instant(Random r) {
        return Instant.ofEpochSecond(1_600_000_000L + r.nextInt(200_000_000), r.nextInt(1_000_000_000));
    }

    private static String maybe(Random r, String value) {
        return r.nextBoolean() ? value : null;
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
