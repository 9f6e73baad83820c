package io.syncid.deploy.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The overlays as {@code kubectl kustomize} renders them, parsed once per test run. */
public final class Manifests {

    /** Every overlay under {@code deploy/k8s/overlays}. */
    public static final List<String> OVERLAYS = List.of("dev", "production");

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The module directory {@code deploy/k8s}. */
    public static Path deployDir() {
        return Path.of(System.getProperty("syncid.deploy.dir", ".")).toAbsolutePath().normalize();
    }

    /** Every object of {@code overlay}, rendered by the real kubectl. */
    public static List<JsonNode> render(String overlay) {
        Path kubectl = Tools.require("kubectl");
        return RENDERED.computeIfAbsent(overlay, o -> {
            Tools.Result result = Tools.run(deployDir(),
                    List.of(kubectl.toString(), "kustomize", deployDir().resolve("overlays").resolve(o).toString()));
            assertThat(result.exitCode()).as("kubectl kustomize overlays/%s:%n%s", o, result.output()).isZero();
            return parseAll(result.output());
        });
    }

    /** The objects of {@code kind} in {@code objects}. */
    public static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The one object of {@code kind} named {@code name}. */
    public static JsonNode named(List<JsonNode> objects, String kind, String name) {
        List<JsonNode> found = ofKind(objects, kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText())).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    /** {@code kind/name} of an object, for messages. */
    public static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /** Every document of a multi-document YAML text. */
    public static List<JsonNode> parseAll(String yaml) {
        try (JsonParser parser = YAML.getFactory().createParser(yaml);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> objects = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode node = documents.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    objects.add(node);
                }
            }
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable YAML", e);
        }
    }
}
