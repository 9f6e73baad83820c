package io.syncid.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import io.syncid.model.FileNames;
import io.syncid.testkit.random.Seeds;

/** Lengths in code points, checked against the obvious versions on random text mixing one- and two-unit characters. */
class TextLimitsTest {

    /** Characters of one and two UTF-16 units, and the ones the file-name rule refuses. */
    private static final String[] ALPHABET = {"a", "é", "\uD83D\uDCC4", "\uD840\uDC00", "/", "\\", "\u0000", "\n",
            ".", " "};

    @RepeatedTest(200)
    void withinCountsCodePoints(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            String text = text(random, random.nextInt(12));
            int min = random.nextInt(4);
            int max = min + random.nextInt(8);
            int codePoints = text.codePointCount(0, text.length());
            assertThat(TextLimits.within(text, min, max)).as("'%s' in [%d, %d]", text, min, max)
                    .isEqualTo(codePoints >= min && codePoints <= max);
        });
    }

    @RepeatedTest(200)
    void fileNamesFollowTheRuleWithTheirLengthInCodePoints(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            String name = text(random, 240 + random.nextInt(30));
            assertThat(TextLimits.fileNameProblem(name) == null).as("'%s'", name).isEqualTo(obviousRule(name));
        });
    }

    @Test
    void emojiAreOneCharacterEach() {
        String emoji = "\uD83D\uDCC4";
        assertThat(TextLimits.within(emoji.repeat(512), 1, 512)).isTrue();
        assertThat(TextLimits.within(emoji.repeat(513), 1, 512)).isFalse();
        assertThat(TextLimits.fileNameProblem(emoji.repeat(255))).isNull();
        assertThat(TextLimits.fileNameProblem(emoji.repeat(256))).isNotNull();
        assertThat(TextLimits.fileNameProblem(emoji.repeat(200) + "/")).isNotNull();
        assertThat(TextLimits.fileNameProblem("..")).isNotNull();
        assertThat(TextLimits.fileNameProblem(emoji.repeat(200) + "..")).isNull();
    }

    /** SPEC §4 spelled out: 1 to 255 code points, no / \ NUL or control characters, not . or .. */
    private static boolean obviousRule(String name) {
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > FileNames.MAX_LENGTH || name.equals(".") || name.equals("..")) {
            return false;
        }
        return name.codePoints().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    }

    private static String text(Random random, int characters) {
        StringBuilder text = new StringBuilder();
        boolean clean = random.nextInt(3) > 0;
        for (int i = 0; i < characters; i++) {
            text.append(ALPHABET[random.nextInt(clean ? 4 : ALPHABET.length)]);
        }
        return text.toString();
    }
}
