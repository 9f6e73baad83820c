package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SPEC §4 file-name rule: 1–255 characters, no '/', '\', NUL or control characters, not "." or "..". */
class FileNamesTest {

    /** Characters a name may hold, including dots, spaces, non-Latin letters and a surrogate pair. */
    private static final String ALLOWED = "abcXYZ019 ._-()[]{}#%&+,;=@~'äöüé日本\uD83D\uDCC4";

    @RepeatedTest(10)
    void namesOfAllowedCharactersUpTo255AreValid(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 200; i++) {
                String name = randomName(random, 1 + random.nextInt(FileNames.MAX_LENGTH));
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                assertThat(FileNames.problem(name)).as("'%s'", name).isNull();
            }
        });
    }

    @RepeatedTest(10)
    void oneForbiddenCharacterAnywhereMakesANameInvalid(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 200; i++) {
                String name = randomName(random, random.nextInt(100));
                int at = random.nextInt(name.length() + 1);
                char bad = forbidden(random);
                String broken = name.substring(0, at) + bad + name.substring(at);
                assertThat(FileNames.problem(broken)).as("'%s' with U+%04X", broken, (int) bad).isNotNull();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "/", "a/b", "a\\b", "a\u0000b", "a\nb", "a\rb", "\t", "x\u007f", "x\u0085"})
    void forbiddenNamesHaveAProblem(String name) {
        assertThat(FileNames.problem(name)).isNotNull();
    }

    @Test
    void lengthIsCountedInCharactersUpTo255() {
        assertThat(FileNames.problem("n".repeat(255))).isNull();
        assertThat(FileNames.problem("n".repeat(256))).contains("255");
        assertThat(FileNames.problem(null)).isNotNull();
        assertThat(FileNames.problem("...")).isNull();
        assertThat(FileNames.problem(".hidden")).isNull();
        assertThat(FileNames.problem("scan 1 (copy).pdf")).isNull();
    }

    /** A name of {@code length} UTF-16 units; a surrogate pair is never split at the end. */
    private static String randomName(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int at = random.nextInt(ALLOWED.length());
            char c = ALLOWED.charAt(at);
            if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c)) {
                if (out.length() + 2 <= length) {
                    out.append("\uD83D\uDCC4");
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static char forbidden(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> '/';
            case 1 -> '\\';
            case 2 -> (char) random.nextInt(0x20);
            default -> (char) (0x7f + random.nextInt(0x21));
        };
    }
}
