package io.syncid.deploy.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * A CustomResourceDefinition's {@code openAPIV3Schema} per version, applied as the API server would: types, enums,
 * required fields and bounds through a JSON-schema validator, plus the fields the server would prune as unknown
 * (structural schemas never say {@code additionalProperties: false}, so a validator alone would accept a typo).
 */
public final class CrdSchema {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    private final String group;
    private final String kind;
    private final Map<String, JsonNode> schemas;
    private final Map<String, JsonSchema> validators = new ConcurrentHashMap<>();

    private CrdSchema(String group, String kind, Map<String, JsonNode> schemas) {
        this.group = group;
        this.kind = kind;
        this.schemas = schemas;
    }

    /** The CRD of a YAML resource file (the CRDs copied from the KEDA and prometheus-operator repositories). */
    public static CrdSchema fromResource(String resource) {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no CRD resource " + resource);
            }
            return of(Manifests.YAML.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable CRD " + resource, e);
        }
    }

    /** The CRD as a tree (e.g. Strimzi's {@code Crds.kafkaTopic()} converted by Jackson). */
    public static CrdSchema of(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode version : spec.path("versions")) {
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (!schema.isMissingNode() && !schema.isNull()) {
                schemas.put(version.path("name").asText(), schema);
            }
        }
        return new CrdSchema(spec.path("group").asText(), spec.path("names").path("kind").asText(), schemas);
    }

    public String kind() {
        return kind;
    }

    /** The API versions that carry a schema. */
    public List<String> apiVersions() {
        return schemas.keySet().stream().map(v -> group + "/" + v).sorted().toList();
    }

    /** Every violation of {@code object} (empty when valid). */
    public List<String> validate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        String apiVersion = object.path("apiVersion").asText();
        if (!kind.equals(object.path("kind").asText()) || !apiVersion.startsWith(group + "/")) {
            errors.add("not a " + group + " " + kind + ": " + apiVersion + " " + object.path("kind").asText());
            return errors;
        }
        String version = apiVersion.substring(group.length() + 1);
        JsonNode schema = schemas.get(version);
        if (schema == null) {
            errors.add(apiVersion + " has no schema in the CRD of " + kind + " (served: " + apiVersions() + ")");
            return errors;
        }
        JsonSchema validator = validators.computeIfAbsent(version, v -> FACTORY.getSchema(schema));
        for (ValidationMessage message : validator.validate(object)) {
            errors.add(message.getMessage());
        }
        unknownFields(schema, object, "$", errors);
        return errors;
    }

    private static void unknownFields(JsonNode schema, JsonNode node, String path, List<String> errors) {
        if (schema == null || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(schema.get("items"), node.get(i), path + "[" + i + "]", errors);
            }
            return;
        }
        if (!node.isObject() || "$.metadata".equals(path)) {
            // metadata is ObjectMeta, checked by the API server itself, not by the CRD schema
            return;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                unknownFields(properties.get(field.getKey()), field.getValue(), child, errors);
            } else if (additional != null && additional.isObject()) {
                unknownFields(additional, field.getValue(), child, errors);
            } else if (additional == null || !additional.asBoolean(false)) {
                errors.add(child + ": unknown field (the API server would prune it)");
            }
        }
    }
}
