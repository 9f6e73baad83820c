package io.syncid.migration.legacy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Raw legacy items to and from DynamoDB's JSON form ({@code {"S": "…"}}, {@code {"N": "3"}}, {@code {"M": {…}}}…),
 * every attribute type kept, so an item carried in a task reads exactly as the item read from the table.
 */
public final class LegacyJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyJson() {
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    /** The item of {@code node}; an attribute of no DynamoDB type is an {@link IllegalArgumentException}. */
    public static Map<String, AttributeValue> fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a legacy item must be a JSON object, got " + node.getNodeType());
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), attribute(field.getKey(), field.getValue()));
        }
        return item;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode node = JSON.objectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode array = node.putArray("BS");
                v.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case M -> node.set("M", toJson(v.m()));
            case L -> {
                ArrayNode array = node.putArray("L");
                v.l().forEach(e -> array.add(value(e)));
            }
            default -> throw new IllegalArgumentException("an attribute of unknown type: " + v);
        }
        return node;
    }

    private static AttributeValue attribute(String name, JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("attribute " + name + " is not one typed DynamoDB value: " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(text(name, v));
            case "N" -> AttributeValue.fromN(text(name, v));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(name, v))));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("attribute " + name + ": BOOL must be true or false");
                }
                yield AttributeValue.fromBool(v.booleanValue());
            }
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(name, v));
            case "NS" -> AttributeValue.fromNs(texts(name, v));
            case "BS" -> AttributeValue.fromBs(texts(name, v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "M" -> AttributeValue.fromM(fromJson(v));
            case "L" -> {
                if (!v.isArray()) {
                    throw new IllegalArgumentException("attribute " + name + ": L must be an array");
                }
                List<AttributeValue> list = new ArrayList<>(v.size());
                v.forEach(e -> list.add(attribute(name, e)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("attribute " + name + " has unknown type " + typed.getKey());
        };
    }

    private static String text(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("attribute " + name + " must hold a string, got " + v.getNodeType());
        }
        return v.textValue();
    }

    private static List<String> texts(String name, JsonNode v) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("attribute " + name + " must hold an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        v.forEach(e -> out.add(text(name, e)));
        return out;
    }
}
