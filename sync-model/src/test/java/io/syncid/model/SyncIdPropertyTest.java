package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    private static final String V4 = "4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c";
    private static final int VERSION_AT = 14;
    private static final int VARIANT_AT = 19;

    @RepeatedTest(50)
    void everyRandomV4InAnyCaseIsAcceptedAndNormalized(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 200; i++) {
                String canonical = RandomIds.v4(random);
                String spelled = RandomIds.randomCase(canonical, random);
                assertThat(SyncId.isValid(spelled)).as(spelled).isTrue();
                SyncId id = SyncId.parse(spelled);
                SyncId lower = SyncId.parse(canonical);
                SyncId upper = SyncId.parse(canonical.toUpperCase(Locale.ROOT));
                assertThat(id.toString()).as(spelled).isEqualTo(canonical);
                assertThat(id).isEqualTo(lower).isEqualTo(upper).hasSameHashCodeAs(lower).hasSameHashCodeAs(upper);
                assertThat(id.compareTo(upper)).isZero();
                assertThat(UUID.fromString(id.toString()).version()).isEqualTo(4);
            }
        });
    }

    @RepeatedTest(20)
    void everyMutationOfAValidIdIsRejected(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 200; i++) {
                String valid = RandomIds.v4(random);
                String broken = mutate(valid, random);
                assertThat(SyncId.isValid(broken)).as("'%s' from %s", broken, valid).isFalse();
                assertThatThrownBy(() -> SyncId.parse(broken)).as("'%s' from %s", broken, valid)
                        .isInstanceOf(InvalidSyncIdException.class)
                        .hasMessageStartingWith("syncId");
            }
        });
    }

    @Test
    void randomIdsAreValidVersion4AndUnique() {
        Set<SyncId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            SyncId id = SyncId.random();
            String text = id.toString();
            assertThat(SyncId.isValid(text)).as(text).isTrue();
            assertThat(text).isEqualTo(text.toLowerCase(Locale.ROOT));
            assertThat(UUID.fromString(text).version()).isEqualTo(4);
            assertThat(UUID.fromString(text).variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("duplicate %s after %d draws", text, i).isTrue();
        }
    }

    static Stream<Arguments> invalidForms() {
        List<Arguments> forms = new ArrayList<>(List.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", " ".repeat(36)),
                Arguments.of("nil", "00000000-0000-0000-0000-000000000000"),
                Arguments.of("max", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
                Arguments.of("real version 1", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                Arguments.of("real version 7", "01890a5d-ac96-774b-bcce-b302099a8057"),
                Arguments.of("braces", "{" + V4 + "}"),
                Arguments.of("urn prefix", "urn:uuid:" + V4),
                Arguments.of("no hyphens", V4.replace("-", "")),
                Arguments.of("leading space", " " + V4),
                Arguments.of("trailing space", V4 + " "),
                Arguments.of("leading tab", "\t" + V4.substring(1)),
                Arguments.of("inner space", V4.substring(0, 10) + " " + V4.substring(11)),
                Arguments.of("trailing newline", V4 + "\n"),
                Arguments.of("newline in place of last digit", V4.substring(0, 35) + "\n"),
                Arguments.of("one short", V4.substring(1)),
                Arguments.of("one long", V4 + "a"),
                Arguments.of("letter g", "g" + V4.substring(1)),
                Arguments.of("letter z", V4.substring(0, 35) + "z"),
                Arguments.of("hyphen moved left", V4.substring(0, 7) + "-" + V4.charAt(7) + V4.substring(9)),
                Arguments.of("hyphen moved right", V4.substring(0, 8) + V4.charAt(9) + "-" + V4.substring(10)),
                Arguments.of("hyphens as underscores", V4.replace('-', '_')),
                Arguments.of("hyphens grouped 8-4-4-16", V4.substring(0, 23) + V4.substring(24) + "0"),
                Arguments.of("arabic-indic digit", "\u0664" + V4.substring(1)),
                Arguments.of("fullwidth digit", "\uFF14" + V4.substring(1)),
                Arguments.of("fullwidth letter", V4.substring(0, 35) + "\uFF43"),
                Arguments.of("unicode hyphen", V4.substring(0, 8) + "\u2010" + V4.substring(9))));
        for (char version : "012356789abcdefABCDEF".toCharArray()) {
            forms.add(Arguments.of("version " + version, replace(V4, VERSION_AT, version)));
        }
        for (char variant : "01234567cdefCDEF".toCharArray()) {
            forms.add(Arguments.of("variant " + variant, replace(V4, VARIANT_AT, variant)));
        }
        return forms.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForms")
    void invalidFormIsRejected(String name, String text) {
        assertThat(SyncId.isValid(text)).isFalse();
        assertThatThrownBy(() -> SyncId.parse(text)).isInstanceOf(InvalidSyncIdException.class)
                .hasMessageStartingWith("syncId");
    }

    @Test
    void theSampleUsedAboveIsItselfValid() {
        // Otherwise every "invalid form" derived from it would pass for the wrong reason.
        assertThat(SyncId.isValid(V4)).isTrue();
        assertThat(SyncId.isValid(V4.toUpperCase(Locale.ROOT))).isTrue();
    }

    private static String replace(String text, int at, char c) {
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    /** One edit that must make the id invalid: a wrong character in a slot, a deletion or an insertion. */
    private static String mutate(String valid, Random random) {
        int pos = random.nextInt(valid.length());
        return switch (random.nextInt(3)) {
            case 0 -> valid.substring(0, pos) + valid.substring(pos + 1);
            case 1 -> valid.substring(0, pos) + RandomIds.HEX.charAt(random.nextInt(16)) + valid.substring(pos);
            default -> replace(valid, pos, wrongCharFor(pos, random));
        };
    }

    /** A character that cannot stand at {@code pos}: a digit where the hyphen goes, a bad version/variant, a non-hex. */
    private static char wrongCharFor(int pos, Random random) {
        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            return "0123456789abcdefABCDEF_ ".charAt(random.nextInt(24));
        }
        if (pos == VERSION_AT) {
            return "012356789abcdefABCDEF".charAt(random.nextInt(21));
        }
        if (pos == VARIANT_AT) {
            return "01234567cdefCDEF".charAt(random.nextInt(16));
        }
        String wrong = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ-{}:_.+ \t\n\u00e9\u0664\uFF10\u2010";
        return wrong.charAt(random.nextInt(wrong.length()));
    }
}
