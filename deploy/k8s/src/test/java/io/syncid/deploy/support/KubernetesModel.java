package io.syncid.deploy.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Validates built-in Kubernetes objects with fabric8's typed model: the right apiVersion for the kind, every value of
 * the right type (Jackson refuses a string where a number belongs), and no field the model does not know (fabric8
 * keeps those in {@code additionalProperties}, which this walk reports).
 */
public final class KubernetesModel {

    /** The built-in kinds the manifests use, with the one apiVersion each must have. */
    public static final Map<String, Kind> KINDS = Map.of(
            "ServiceAccount", new Kind("v1", ServiceAccount.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Secret", new Kind("v1", Secret.class),
            "Service", new Kind("v1", Service.class),
            "Deployment", new Kind("apps/v1", Deployment.class),
            "Job", new Kind("batch/v1", Job.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "Ingress", new Kind("networking.k8s.io/v1", Ingress.class));

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private KubernetesModel() {
    }

    /** A built-in kind: its apiVersion and fabric8 class. */
    public record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    /** Every violation of {@code object} (empty when valid). */
    public static List<String> validate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        Kind kind = KINDS.get(object.path("kind").asText());
        if (kind == null) {
            errors.add("no model for kind " + object.path("kind").asText());
            return errors;
        }
        if (!kind.apiVersion().equals(object.path("apiVersion").asText())) {
            errors.add("apiVersion " + object.path("apiVersion").asText() + " is not " + kind.apiVersion());
        }
        Object typed;
        try {
            typed = JSON.treeToValue(object, kind.type());
        } catch (Exception e) {
            errors.add("does not bind to " + kind.type().getSimpleName() + ": " + e.getMessage());
            return errors;
        }
        unknownFields(typed, "$", errors, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return errors;
    }

    /** Reports non-empty {@code additionalProperties} anywhere in a fabric8 (or Strimzi) object graph. */
    public static void unknownFields(Object value, String path, List<String> errors, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", errors, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, errors, seen));
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class
                    || getter.getReturnType().isPrimitive()) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    errors.add(path + ": unknown fields " + extra.keySet());
                }
            } else {
                unknownFields(child, path + "." + property(getter.getName()), errors, seen);
            }
        }
    }

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
