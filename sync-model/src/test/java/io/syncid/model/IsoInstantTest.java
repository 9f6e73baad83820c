package io.syncid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link IsoInstant} gives exactly what {@code java.time} gives, on random and on edge inputs. */
class IsoInstantTest {

    private static final String[] EDGES = {"2026-11-25T10:15:30Z", "2026-11-25T10:15:30.123Z",
            "2026-11-25T10:15:30.123456789+01:00", "2026-11-25T10:15:30-00:00", "2026-11-25T10:15:30+18:00",
            "2026-11-25T10:15:30+18:01", "2026-11-25T10:15:30+19:00", "2026-11-25T10:15:30+01:60",
            "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z", "2026-01-01t10:15:30z", "2026-01-01T10:15Z", "2026-01-01T10:15:30.Z",
            "2026-01-01T10:15:30.1234567891Z", "2026-01-01T10:15:30", "2026-01-01T10:15:30+0100",
            "2026-01-01T10:15:30+01:00:30", "+12026-01-01T10:15:30Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2026-01-01 10:15:30Z", "2026-01-01T10:15:30ZZ", "2026-01-01T10:15:30Z ", "２０２６-01-01T10:15:30Z",
            "2026-1-01T10:15:30Z", "", "2026-01-01T10:15:30.5+05:30"};

    @Test
    void formatIsInstantToString() {
        long seed = Long.getLong("syncid.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            long second = switch (random.nextInt(3)) {
                case 0 -> random.nextLong() % 4_000_000_000L;
                case 1 -> Math.floorMod(random.nextLong(), 253_402_300_800L + 62_167_219_200L) - 62_167_219_200L;
                default -> Math.floorMod(random.nextLong(), Instant.MAX.getEpochSecond() * 2)
                        - Instant.MAX.getEpochSecond();
            };
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertEquals(instant.toString(), IsoInstant.format(instant),
                    "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")");
        }
        for (Instant edge : new Instant[]{Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertEquals(edge.toString(), IsoInstant.format(edge));
        }
    }

    @Test
    void parseAgreesWithOffsetDateTimeOnEdges() {
        for (String edge : EDGES) {
            assertSameOutcome(edge, "edge");
        }
    }

    @Test
    void parseAgreesWithOffsetDateTimeOnRandomInput() {
        long seed = Long.getLong("syncid.seed", System.nanoTime());
        Random random = new Random(seed);
        String alphabet = "0123456789-:T.Z+zt 5";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(
                    String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                            random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62),
                            random.nextInt(62)));
            int fraction = random.nextInt(12) - 1;
            if (fraction >= 0) {
                text.append('.');
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            switch (random.nextInt(4)) {
                case 0 -> text.append('Z');
                case 1 -> text.append(random.nextBoolean() ? '+' : '-')
                        .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
                case 2 -> text.append(random.nextBoolean() ? "+01:00" : "-05:30");
                default -> {
                    // no offset
                }
            }
            if (random.nextInt(4) == 0) {
                int at = random.nextInt(text.length());
                text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertSameOutcome(text.toString(), "seed " + seed + " (rerun with -Dsyncid.seed=" + seed + ")");
        }
    }

    @Test
    void eventJsonWritesInstantsAsInstantToString() {
        Instant instant = Instant.parse("2026-11-25T10:15:30.120Z");
        String json = new String(EventJson.write(java.util.Map.of("at", instant)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"at\":\"" + instant + "\"}", json);
        assertTrue(json.contains(".120Z"), json);
    }

    private static void assertSameOutcome(String text, String context) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        Instant actual;
        try {
            actual = IsoInstant.parseOffsetDateTime(text);
        } catch (DateTimeParseException e) {
            actual = null;
        }
        assertEquals(expected, actual, context + ": '" + text + "'");
    }
}
