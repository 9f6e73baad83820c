package io.syncid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.strimzi.api.kafka.Crds;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.syncid.deploy.support.CrdSchema;
import io.syncid.deploy.support.KubernetesModel;
import io.syncid.deploy.support.Manifests;

/**
 * Every object every overlay renders validates against its real schema: fabric8's model for built-in kinds, Strimzi's
 * CRDs and model ({@code io.strimzi:api}) for KafkaTopic/KafkaUser, the CRDs of KEDA and prometheus-operator (copied
 * under {@code src/test/resources/crds}) for ScaledObject, TriggerAuthentication, ServiceMonitor, PrometheusRule.
 */
class SchemaValidationTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, CrdSchema> CRDS = Map.of(
            "KafkaTopic", CrdSchema.of(JSON.valueToTree(Crds.kafkaTopic())),
            "KafkaUser", CrdSchema.of(JSON.valueToTree(Crds.kafkaUser())),
            "ScaledObject", CrdSchema.fromResource("/crds/keda.sh_scaledobjects.yaml"),
            "TriggerAuthentication", CrdSchema.fromResource("/crds/keda.sh_triggerauthentications.yaml"),
            "ServiceMonitor", CrdSchema.fromResource("/crds/monitoring.coreos.com_servicemonitors.yaml"),
            "PrometheusRule", CrdSchema.fromResource("/crds/monitoring.coreos.com_prometheusrules.yaml"));

    /** Strimzi's typed model as a second, independent check of its resources. */
    private static final Map<String, Class<?>> STRIMZI_MODEL = Map.of(
            "KafkaTopic", KafkaTopic.class,
            "KafkaUser", KafkaUser.class);

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyRenderedObjectMatchesItsSchema(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        assertThat(objects).isNotEmpty();
        List<String> errors = new ArrayList<>();
        for (JsonNode object : objects) {
            validate(object).forEach(e -> errors.add(Manifests.id(object) + ": " + e));
        }
        assertThat(errors).as("schema violations in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyKindUsedHasAValidator(String overlay) {
        assertThat(Manifests.render(overlay))
                .map(o -> o.path("kind").asText())
                .allMatch(k -> KubernetesModel.KINDS.containsKey(k) || CRDS.containsKey(k));
    }

    @Test
    void strimziCrdsCarryTheirSchemas() {
        assertThat(CRDS.get("KafkaTopic").apiVersions()).contains("kafka.strimzi.io/v1beta2");
        assertThat(CRDS.get("KafkaUser").apiVersions()).contains("kafka.strimzi.io/v1beta2");
    }

    /** The validators are not lenient: each mistake an operator could make is caught by the schema it breaks. */
    @Test
    void validatorsRejectWhatTheApiServerWouldRefuse() {
        List<JsonNode> objects = Manifests.render("production");
        assertThat(broken(objects, "Deployment", "remote-writer", o -> ((ObjectNode) o.path("spec")).put("replica", 2)))
                .anyMatch(e -> e.contains("replica"));
        assertThat(broken(objects, "Deployment", "remote-writer",
                o -> ((ObjectNode) o.path("spec")).put("replicas", "two"))).isNotEmpty();
        assertThat(broken(objects, "Service", "remote-writer", o -> ((ObjectNode) o).put("apiVersion", "v2")))
                .isNotEmpty();
        assertThat(broken(objects, "KafkaTopic", "sync.changes",
                o -> ((ObjectNode) o.path("spec")).put("partitions", "twelve"))).isNotEmpty();
        assertThat(
                broken(objects, "KafkaTopic", "sync.changes", o -> ((ObjectNode) o.path("spec")).put("partition", 12)))
                .anyMatch(e -> e.contains("partition"));
        assertThat(broken(objects, "KafkaUser", "remote-writer",
                o -> ((ObjectNode) o.path("spec").path("authentication")).put("type", "password"))).isNotEmpty();
        assertThat(broken(objects, "ScaledObject", "remote-writer",
                o -> ((ObjectNode) o.path("spec")).put("maxReplicas", 3))).anyMatch(e -> e.contains("maxReplicas"));
        assertThat(broken(objects, "ScaledObject", "remote-writer",
                o -> ((ObjectNode) o.path("spec")).remove("scaleTargetRef"))).isNotEmpty();
        assertThat(broken(objects, "ServiceMonitor", "remote-writer",
                o -> ((ObjectNode) o.path("spec").path("endpoints").get(0)).put("interval", "30 seconds")))
                .isNotEmpty();
        assertThat(broken(objects, "PrometheusRule", "syncid",
                o -> ((ObjectNode) o.path("spec").path("groups").get(0).path("rules").get(0)).put("exprs", "up")))
                .anyMatch(e -> e.contains("exprs"));
    }

    private static List<String> broken(List<JsonNode> objects, String kind, String name,
            java.util.function.Consumer<JsonNode> breakIt) {
        JsonNode copy = Manifests.named(objects, kind, name).deepCopy();
        breakIt.accept(copy);
        return validate(copy);
    }

    private static List<String> validate(JsonNode object) {
        String kind = object.path("kind").asText();
        if (KubernetesModel.KINDS.containsKey(kind)) {
            return KubernetesModel.validate(object);
        }
        CrdSchema crd = CRDS.get(kind);
        if (crd == null) {
            return List.of("no schema for kind " + kind);
        }
        List<String> errors = new ArrayList<>(crd.validate(object));
        Class<?> model = STRIMZI_MODEL.get(kind);
        if (model != null) {
            errors.addAll(bind(object, model, m -> {
                List<String> unknown = new ArrayList<>();
                KubernetesModel.unknownFields(m, "$", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
                return unknown;
            }));
        }
        return errors;
    }

    private static List<String> bind(JsonNode object, Class<?> model, Function<Object, List<String>> check) {
        try {
            return check.apply(JSON.treeToValue(object, model));
        } catch (Exception e) {
            return List.of("does not bind to " + model.getName() + ": " + e.getMessage());
        }
    }
}
