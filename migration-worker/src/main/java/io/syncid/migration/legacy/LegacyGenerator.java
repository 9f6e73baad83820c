package io.syncid.migration.legacy;

import static io.syncid.migration.legacy.LegacySchema.*;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.syncid.model.SyncId;
import io.syncid.runtime.aws.DynamoBatches;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Creates the legacy tables and fills them and the legacy S3 objects with {@code count} realistic documents, seeded
 * (same seed, same data): a share with attachments of random bytes, a share with a valid syncId (some upper case),
 * some invalid syncIds, a few pairs sharing one syncId, a few content duplicates (same owner, title, category,
 * createdAt), a few deleted items, a few attachments whose object is missing and, on request, malformed items (no
 * owner, an unreadable version, a file name with {@code /}). Used by the tests, the benchmark and the README:
 *
 * <pre>
 * java -Dsyncid.dynamodb.endpoint=http://localhost:PORT -Dsyncid.s3.endpoint=http://localhost:PORT \
 *      -Dsyncid.aws.access-key-id=… -Dsyncid.aws.secret-access-key=… \
 *      -cp 'migration-worker/target/quarkus-app/lib/main/*:migration-worker/target/quarkus-app/app/*' \
 *      io.syncid.migration.legacy.LegacyGenerator COUNT [SEED] [MALFORMED]
 * </pre>
 */
public final class LegacyGenerator {

    private static final String[] CATEGORIES = {"insurance", "vehicle", "identity", "health", "home", "finance"};
    private static final String[] WORDS = {"Home", "Car", "Passport", "Policy", "Renewal", "Contract", "Tax",
            "Warranty", "Lease", "Card", "Bank", "Dental", "Travel", "Pet", "Phone", "Energy"};
    private static final String[] EXTENSIONS = {"pdf", "jpg", "png", "txt"};
    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private LegacyGenerator() {
    }

    /** What was generated, so a test knows which ids carry which trait. */
    public record Generated(
            List<String> ids,
            Map<String, String> validSyncIds,
            List<String> upperCaseSyncIds,
            List<String> invalidSyncIds,
            List<List<String>> sharedSyncIds,
            List<List<String>> contentDuplicates,
            List<String> deleted,
            List<String> withAttachments,
            Map<String, String> missingObjects,
            Map<String, String> malformed,
            int attachmentCount) {

        /** Ids of the documents that can be migrated (all but the malformed). */
        public List<String> migratable() {
            return ids.stream().filter(id -> !malformed.containsKey(id)).toList();
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.out
                    .println("usage: LegacyGenerator COUNT [SEED] [MALFORMED]   (servers from -Dsyncid.* properties)");
            return;
        }
        int count = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        int malformed = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String bucket = System.getProperty("syncid.migration.legacy-bucket",
                System.getProperty("syncid.s3.bucket", "syncid-attachments"));
        try (DynamoDbClient dynamo = dynamo(); S3Client s3 = s3()) {
            Generated g = generate(dynamo, s3, bucket, count, seed, malformed);
            System.out.printf(Locale.ROOT,
                    "generated %d legacy documents (seed %d): %d with attachments (%d files, %d missing objects), "
                            + "%d valid syncIds (%d upper case), %d invalid, %d shared pairs, %d content duplicates, "
                            + "%d deleted, %d malformed%n",
                    g.ids().size(), seed, g.withAttachments().size(), g.attachmentCount(), g.missingObjects().size(),
                    g.validSyncIds().size(), g.upperCaseSyncIds().size(), g.invalidSyncIds().size(),
                    g.sharedSyncIds().size(), g.contentDuplicates().size(), g.deleted().size(),
                    g.malformed().size());
        }
    }

    /** Generates {@code count} documents (plus {@code malformed} broken ones) into the legacy tables and bucket. */
    public static Generated generate(DynamoDbClient dynamo, S3Client s3, String bucket, int count, long seed,
            int malformed) {
        LegacySchema.createIfAbsent(dynamo);
        Random random = new Random(seed);
        List<Map<String, AttributeValue>> docs = new ArrayList<>();
        List<Map<String, AttributeValue>> files = new ArrayList<>();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        Map<String, String> valid = new LinkedHashMap<>();
        List<String> upper = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> withAttachments = new ArrayList<>();
        int users = Math.max(3, count / 20);
        for (int i = 0; i < count; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String owner = "legacy-user-" + random.nextInt(users);
            Instant created = EPOCH.plusSeconds(random.nextInt(100_000_000));
            Instant modified = created.plus(Duration.ofMinutes(random.nextInt(500_000)));
            long version = 1 + random.nextInt(5);
            Map<String, AttributeValue> doc = new HashMap<>();
            doc.put(ID, s(id));
            doc.put(OWNER, s(owner));
            doc.put(TITLE, s(WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                    + (1 + random.nextInt(999))));
            doc.put(CATEGORY, s(CATEGORIES[random.nextInt(CATEGORIES.length)]));
            if (random.nextBoolean()) {
                doc.put(RENEWAL_DATE, s(created.plus(Duration.ofDays(365 + random.nextInt(700))).toString()
                        .substring(0, 10)));
            }
            if (random.nextBoolean()) {
                doc.put(NOTES,
                        s("note " + random.nextInt(1_000_000) + (random.nextInt(10) == 0 ? " — ünïcödé ✓" : "")));
            }
            doc.put(CREATED_AT, s(created.toString()));
            doc.put(LAST_MODIFIED, s(modified.toString()));
            doc.put(VERSION, n(version));
            doc.put(DS_VERSION, n(version));
            doc.put(DS_LAST_CHANGED_AT, n(modified.toEpochMilli()));
            int kind = random.nextInt(100);
            if (kind < 30) {
                String syncId = SyncId.random().toString();
                boolean upperCase = kind < 10;
                doc.put(SYNC_ID, s(upperCase ? syncId.toUpperCase(Locale.ROOT) : syncId));
                valid.put(id, syncId);
                if (upperCase) {
                    upper.add(id);
                }
            } else if (kind < 35) {
                String[] bad = {"not-a-uuid", "{" + SyncId.random() + "}",
                        UUID.randomUUID().toString().replace("-", ""),
                        "00000000-0000-0000-0000-000000000000", "2f1c9e3a-6a7b-11ee-8c99-0242ac120002"};
                doc.put(SYNC_ID, s(bad[random.nextInt(bad.length)]));
                invalid.add(id);
            }
            if (random.nextInt(100) < 3) {
                doc.put(random.nextBoolean() ? DELETED : DS_DELETED, AttributeValue.fromBool(true));
                deleted.add(id);
            } else {
                doc.put(DELETED, AttributeValue.fromBool(false));
            }
            if (random.nextInt(100) < 40) {
                int n = 1 + random.nextInt(3);
                for (int f = 0; f < n; f++) {
                    String fileName = "file-" + f + "-" + random.nextInt(1000) + "."
                            + EXTENSIONS[random.nextInt(EXTENSIONS.length)];
                    byte[] bytes = new byte[100 + random.nextInt(3000)];
                    random.nextBytes(bytes);
                    String key = LegacySchema.objectKey(owner, id, fileName);
                    Map<String, AttributeValue> file = new HashMap<>();
                    file.put(ID, s(new UUID(random.nextLong(), random.nextLong()).toString()));
                    file.put(DOCUMENT_ID, s(id));
                    file.put(FILE_NAME, s(fileName));
                    if (random.nextBoolean()) {
                        file.put(LABEL, s("scan " + (f + 1)));
                    }
                    file.put(FILE_SIZE, n(bytes.length));
                    file.put(S3_KEY, s(key));
                    file.put(CREATED_AT, s(created.toString()));
                    files.add(file);
                    objects.put(key, bytes);
                }
                withAttachments.add(id);
            }
            docs.add(doc);
            ids.add(id);
        }
        int few = Math.max(2, count / 100);
        // A few pairs sharing one syncId: the old bug. The first holder has a valid one; the second copies it.
        List<List<String>> shared = new ArrayList<>();
        List<String> holders = new ArrayList<>(valid.keySet());
        for (int p = 0; p < few && 2 * p + 1 < holders.size(); p++) {
            String first = holders.get(2 * p);
            String second = holders.get(2 * p + 1);
            Map<String, AttributeValue> doc = docs.get(ids.indexOf(second));
            doc.put(SYNC_ID, s(valid.get(first)));
            valid.remove(second);
            upper.remove(second);
            shared.add(List.of(first, second));
        }
        // A few content duplicates: the same document created twice (same owner, title, category, createdAt).
        List<List<String>> duplicates = new ArrayList<>();
        for (int d = 0; d < few && count > 4 * few; d++) {
            int a = count - 1 - 2 * d;
            int b = count - 2 - 2 * d;
            Map<String, AttributeValue> original = docs.get(a);
            Map<String, AttributeValue> copy = docs.get(b);
            for (String name : List.of(OWNER, TITLE, CATEGORY, CREATED_AT)) {
                copy.put(name, original.get(name));
            }
            duplicates.add(List.of(ids.get(a), ids.get(b)));
        }
        // A few attachments whose object no longer exists: reported by the migration, never invented.
        Map<String, String> missing = new LinkedHashMap<>();
        for (Map<String, AttributeValue> file : files) {
            if (missing.size() >= few) {
                break;
            }
            String documentId = file.get(DOCUMENT_ID).s();
            if (!deleted.contains(documentId) && !missing.containsKey(documentId) && random.nextInt(4) == 0) {
                objects.remove(file.get(S3_KEY).s());
                missing.put(documentId, file.get(FILE_NAME).s());
            }
        }
        // Owners of content duplicates moved: rewrite their objects' keys so they stay in the owner's prefix.
        for (Map<String, AttributeValue> file : files) {
            Map<String, AttributeValue> doc = docs.get(ids.indexOf(file.get(DOCUMENT_ID).s()));
            String key = file.get(S3_KEY).s();
            String moved = LegacySchema.objectKey(doc.get(OWNER).s(), file.get(DOCUMENT_ID).s(),
                    file.get(FILE_NAME).s());
            if (!moved.equals(key)) {
                byte[] bytes = objects.remove(key);
                if (bytes != null) {
                    objects.put(moved, bytes);
                }
                file.put(S3_KEY, s(moved));
            }
        }
        Map<String, String> broken = new LinkedHashMap<>();
        for (int m = 0; m < malformed; m++) {
            String id = "malformed-" + seed + "-" + m;
            Map<String, AttributeValue> doc = new HashMap<>();
            doc.put(ID, s(id));
            doc.put(OWNER, s("legacy-user-0"));
            doc.put(TITLE, s("Broken " + m));
            doc.put(CATEGORY, s("misc"));
            doc.put(CREATED_AT, s(EPOCH.toString()));
            switch (m % 3) {
                case 0 -> {
                    doc.remove(OWNER);
                    broken.put(id, "has no owner");
                }
                case 1 -> {
                    doc.put(VERSION, s("three"));
                    broken.put(id, "version is not a number");
                }
                default -> {
                    Map<String, AttributeValue> file = new HashMap<>();
                    file.put(ID, s(id + "-file"));
                    file.put(DOCUMENT_ID, s(id));
                    file.put(FILE_NAME, s("scans/receipt.pdf"));
                    file.put(S3_KEY, s("private/legacy-user-0/" + id + "/scans/receipt.pdf"));
                    files.add(file);
                    broken.put(id, "file name must not contain /");
                }
            }
            docs.add(doc);
            ids.add(id);
        }
        DynamoBatches.put(dynamo, LegacySchema.DOCUMENTS, docs);
        DynamoBatches.put(dynamo, LegacySchema.ATTACHMENTS, files);
        objects.forEach((key, bytes) -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
        return new Generated(List.copyOf(ids), Map.copyOf(valid), List.copyOf(upper), List.copyOf(invalid),
                List.copyOf(shared), List.copyOf(duplicates), List.copyOf(deleted), List.copyOf(withAttachments),
                Map.copyOf(missing), Map.copyOf(broken),
                (int) files.stream().filter(f -> !broken.containsKey(f.get(DOCUMENT_ID).s())).count());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static DynamoDbClient dynamo() {
        var builder = DynamoDbClient.builder().httpClient(Apache5HttpClient.create())
                .region(Region.of(System.getProperty("syncid.aws.region", "us-east-1")));
        credentials().ifPresent(builder::credentialsProvider);
        String endpoint = System.getProperty("syncid.dynamodb.endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static S3Client s3() {
        var builder = S3Client.builder().httpClient(Apache5HttpClient.create())
                .region(Region.of(System.getProperty("syncid.aws.region", "us-east-1")))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(
                                Boolean.parseBoolean(System.getProperty("syncid.s3.path-style", "true")))
                        .build());
        credentials().ifPresent(builder::credentialsProvider);
        String endpoint = System.getProperty("syncid.s3.endpoint");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static java.util.Optional<StaticCredentialsProvider> credentials() {
        String key = System.getProperty("syncid.aws.access-key-id");
        String secret = System.getProperty("syncid.aws.secret-access-key");
        return key == null || secret == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
    }
}
