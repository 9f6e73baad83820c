package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §2 as properties: every UUID v4 in any case is accepted and normalized; everything else is rejected. */
class SyncIdPropertyTest {

    private static final String HEX = "0123456789abcdef";

    @RepeatedTest(50)
    void everyRandomV4InAnyCaseIsAcceptedAndNormalized(RepetitionInfo info) {
        long seed = Seeds.of(info.getCurrentRepetition());
        Random random = Seeds.random(seed);
        for (int i = 0; i < 200; i++) {
            String canonical = randomV4(random);
            String spelled = randomCase(canonical, random);
            assertThat(SyncId.isValid(spelled)).as("seed %d: %s", seed, spelled).isTrue();
            SyncId id = SyncId.parse(spelled);
            assertThat(id.toString()).as("seed %d", seed).isEqualTo(canonical);
            assertThat(id).as("seed %d", seed).isEqualTo(SyncId.parse(canonical));
            assertThat(id.hashCode()).isEqualTo(SyncId.parse(canonical).hashCode());
            assertThat(UUID.fromString(id.toString()).version()).isEqualTo(4);
        }
    }

    @RepeatedTest(20)
    void everyMutationOfAValidIdIsRejected(RepetitionInfo info) {
        long seed = Seeds.of(info.getCurrentRepetition());
        Random random = Seeds.random(seed);
        for (int i = 0; i < 200; i++) {
            String valid = randomV4(random);
            String broken = mutate(valid, random);
            assertThatThrownBy(() -> SyncId.parse(broken)).as("seed %d: '%s' from %s", seed, broken, valid)
                    .isInstanceOf(InvalidSyncIdException.class)
                    .hasMessageContaining("syncId");
        }
    }

    @Test
    void randomIdsAreValidVersion4AndUnique() {
        Set<SyncId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            SyncId id = SyncId.random();
            assertThat(SyncId.isValid(id.toString())).isTrue();
            assertThat(UUID.fromString(id.toString()).version()).isEqualTo(4);
            assertThat(UUID.fromString(id.toString()).variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    static Stream<Arguments> invalidForms() {
        String v4 = "4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c";
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("nil", "00000000-0000-0000-0000-000000000000"),
                Arguments.of("max", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
                Arguments.of("version 1", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                Arguments.of("version 2", v4.substring(0, 14) + "2" + v4.substring(15)),
                Arguments.of("version 3", v4.substring(0, 14) + "3" + v4.substring(15)),
                Arguments.of("version 5", v4.substring(0, 14) + "5" + v4.substring(15)),
                Arguments.of("version 6", v4.substring(0, 14) + "6" + v4.substring(15)),
                Arguments.of("version 7", "01890a5d-ac96-774b-bcce-b302099a8057"),
                Arguments.of("version 8", v4.substring(0, 14) + "8" + v4.substring(15)),
                Arguments.of("variant 0", v4.substring(0, 19) + "0" + v4.substring(20)),
                Arguments.of("variant 7", v4.substring(0, 19) + "7" + v4.substring(20)),
                Arguments.of("variant c", v4.substring(0, 19) + "c" + v4.substring(20)),
                Arguments.of("variant f", v4.substring(0, 19) + "f" + v4.substring(20)),
                Arguments.of("braces", "{" + v4 + "}"),
                Arguments.of("urn prefix", "urn:uuid:" + v4),
                Arguments.of("no hyphens", v4.replace("-", "")),
                Arguments.of("leading space", " " + v4),
                Arguments.of("trailing space", v4 + " "),
                Arguments.of("inner space", v4.substring(0, 10) + " " + v4.substring(11)),
                Arguments.of("trailing newline", v4 + "\n"),
                Arguments.of("one short", v4.substring(1)),
                Arguments.of("one long", v4 + "a"),
                Arguments.of("letter g", "g" + v4.substring(1)),
                Arguments.of("letter z", v4.substring(0, 35) + "z"),
                Arguments.of("hyphen moved", v4.substring(0, 7) + "-" + v4.charAt(7) + v4.substring(9)),
                Arguments.of("underscores", v4.replace('-', '_')),
                Arguments.of("arabic-indic digit", "\u0664" + v4.substring(1)),
                Arguments.of("fullwidth digit", "\uFF14" + v4.substring(1)),
                Arguments.of("fullwidth letter", v4.substring(0, 35) + "\uFF43"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForms")
    void invalidFormIsRejected(String name, String text) {
        assertThat(SyncId.isValid(text)).isFalse();
        assertThatThrownBy(() -> SyncId.parse(text)).isInstanceOf(InvalidSyncIdException.class)
                .hasMessageStartingWith("syncId");
    }

    static String randomV4(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        StringBuilder out = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out.append('-');
            }
            out.append(HEX.charAt((bytes[i] >> 4) & 0xf)).append(HEX.charAt(bytes[i] & 0xf));
        }
        return out.toString();
    }

    private static String randomCase(String id, Random random) {
        StringBuilder out = new StringBuilder(id.length());
        for (char c : id.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** One edit that must make the id invalid: a wrong character in a slot, a deletion or an insertion. */
    private static String mutate(String valid, Random random) {
        int pos = random.nextInt(valid.length());
        return switch (random.nextInt(3)) {
            case 0 -> valid.substring(0, pos) + valid.substring(pos + 1);
            case 1 -> valid.substring(0, pos) + HEX.charAt(random.nextInt(16)) + valid.substring(pos);
            default -> valid.substring(0, pos) + wrongCharFor(pos, random) + valid.substring(pos + 1);
        };
    }

    private static char wrongCharFor(int pos, Random random) {
        String wrong = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ {}:_.+ \t\u00e9\u0664";
        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            return HEX.toUpperCase(Locale.ROOT).charAt(random.nextInt(16));
        }
        if (pos == 14) {
            return "0123567890abcdef".charAt(random.nextInt(16));
        }
        if (pos == 19) {
            return "01234567cdefCDEF".charAt(random.nextInt(16));
        }
        return wrong.charAt(random.nextInt(wrong.length()));
    }
}
