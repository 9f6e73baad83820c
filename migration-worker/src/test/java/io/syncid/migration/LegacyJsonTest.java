package io.syncid.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.migration.legacy.LegacyJson;
import io.syncid.model.EventJson;
import io.syncid.testkit.random.Seeds;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A raw legacy item survives its trip through a task's JSON with every attribute type; a bad one is refused. */
class LegacyJsonTest {

    @Test
    void everyAttributeTypeSurvivesTheTripThroughJson() {
        for (int repetition = 0; repetition < 200; repetition++) {
            Seeds.property(repetition, random -> {
                Map<String, AttributeValue> item = item(random, 2);
                byte[] json = EventJson.write(LegacyJson.toJson(item));
                assertThat(LegacyJson.fromJson(tree(json))).isEqualTo(item);
            });
        }
    }

    @Test
    void anAttributeOfNoDynamoDbTypeIsRefusedByName() {
        assertThatThrownBy(() -> LegacyJson.fromJson(tree(
                "{\"title\":{\"X\":\"?\"}}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> LegacyJson.fromJson(tree(
                "{\"version\":{\"N\":3}}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> LegacyJson.fromJson(tree(
                "{\"a\":{\"S\":\"x\",\"N\":\"1\"}}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one typed");
    }

    private static JsonNode tree(byte[] json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, AttributeValue> item(Random random, int depth) {
        Map<String, AttributeValue> item = new HashMap<>();
        for (int i = random.nextInt(8); i >= 0; i--) {
            item.put("attr" + i + "-\u00e9", value(random, depth));
        }
        return item;
    }

    private static AttributeValue value(Random random, int depth) {
        int kinds = depth > 0 ? 10 : 8;
        return switch (random.nextInt(kinds)) {
            case 0 -> AttributeValue.fromS(text(random));
            case 1 -> AttributeValue.fromN(Long.toString(random.nextLong()));
            case 2 -> AttributeValue.fromB(SdkBytes.fromByteArray(bytes(random)));
            case 3 -> AttributeValue.fromBool(random.nextBoolean());
            case 4 -> AttributeValue.fromNul(true);
            case 5 -> AttributeValue.fromSs(List.of(text(random), text(random) + "x"));
            case 6 -> AttributeValue.fromNs(List.of("1", "-2.5", Integer.toString(random.nextInt())));
            case 7 -> AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(bytes(random))));
            case 8 -> AttributeValue.fromM(item(random, depth - 1));
            default -> {
                List<AttributeValue> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth - 1));
                }
                yield AttributeValue.fromL(list);
            }
        };
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.appendCodePoint(random.nextInt(4) == 0 ? 0x1F600 + random.nextInt(40) : 0x20 + random.nextInt(0x5F));
        }
        return s.toString();
    }

    private static byte[] bytes(Random random) {
        byte[] b = new byte[random.nextInt(16)];
        random.nextBytes(b);
        return b;
    }
}
