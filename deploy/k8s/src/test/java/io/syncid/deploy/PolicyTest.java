package io.syncid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncid.deploy.support.Manifests;

/**
 * What the schemas cannot say: probes, resources, security, labels that match selectors, pinned images, no secret
 * values in the manifests, scaling within the partition count, and ports and config keys that the services really
 * have (read from their modules' sources).
 */
class PolicyTest {

    static final List<String> OVERLAYS = Manifests.OVERLAYS;

    /** The services and the modules they are built from (directory = Deployment name). */
    static final List<String> SERVICES = List.of("sync-gateway", "queue-consolidator", "remote-writer",
            "tombstone-service", "migration-worker");

    private static final Pattern PINNED_IMAGE = Pattern.compile("[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9]+[A-Za-z0-9.-]*"
            + "|[a-z0-9./-]+@sha256:[0-9a-f]{64}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|private|credential"
            + "|access[-_.]?key).*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyServiceIsDeployedWithServicePdbAndMonitor(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        for (String service : SERVICES) {
            for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "ServiceMonitor",
                    "ServiceAccount", "KafkaUser")) {
                Manifests.named(objects, kind, service);
            }
        }
        Manifests.named(objects, "HorizontalPodAutoscaler", "sync-gateway");
        for (String worker : SERVICES.subList(1, SERVICES.size())) {
            Manifests.named(objects, "ScaledObject", worker);
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void podsHaveProbesResourcesAndALockedDownSecurityContext(String overlay) {
        List<String> errors = new ArrayList<>();
        for (JsonNode workload : workloads(Manifests.render(overlay))) {
            String id = Manifests.id(workload);
            JsonNode pod = workload.path("spec").path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            check(errors, podSecurity.path("runAsNonRoot").asBoolean(false), id, "pod runAsNonRoot is not true");
            check(errors, podSecurity.path("runAsUser").asInt(0) > 0, id, "pod runAsUser is root or unset");
            for (JsonNode container : pod.path("containers")) {
                String where = id + " container " + container.path("name").asText();
                String image = container.path("image").asText();
                check(errors, PINNED_IMAGE.matcher(image).matches() && !image.endsWith(":latest"), where,
                        "image " + image + " is not pinned to a version");
                JsonNode resources = container.path("resources");
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        check(errors, resources.path(bound).hasNonNull(resource), where,
                                "no " + bound + "." + resource);
                    }
                }
                check(errors, resources.path("limits").path("memory")
                        .equals(resources.path("requests").path("memory")), where,
                        "memory limit differs from the request (a JVM must not be overcommitted)");
                JsonNode security = container.path("securityContext");
                check(errors, security.path("readOnlyRootFilesystem").asBoolean(false), where,
                        "root file system is writable");
                check(errors, security.has("allowPrivilegeEscalation")
                        && !security.path("allowPrivilegeEscalation").asBoolean(true), where,
                        "privilege escalation allowed");
                check(errors, security.path("capabilities").path("drop").toString().contains("\"ALL\""), where,
                        "capabilities not dropped");
                if ("Deployment".equals(workload.path("kind").asText())) {
                    check(errors, "/q/health/live".equals(probePath(container, "livenessProbe")), where,
                            "liveness probe is not /q/health/live");
                    check(errors, "/q/health/ready".equals(probePath(container, "readinessProbe")), where,
                            "readiness probe is not /q/health/ready");
                    // Quarkus reads $PWD/config/application.properties over its built-in file: mount the ConfigMap there
                    String configDir = container.path("workingDir").asText("?") + "/config";
                    check(errors, container.path("volumeMounts").findValuesAsText("mountPath").contains(configDir),
                            where, "the ConfigMap is not mounted at workingDir/config (" + configDir + ")");
                    String probePort = container.path("readinessProbe").path("httpGet").path("port").asText();
                    check(errors, containerPorts(container).containsKey(probePort), where,
                            "probe port " + probePort + " is not a container port");
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void labelsMatchSelectors(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<String> errors = new ArrayList<>();
        List<JsonNode> deployments = Manifests.ofKind(objects, "Deployment");
        for (JsonNode deployment : deployments) {
            JsonNode selector = deployment.path("spec").path("selector").path("matchLabels");
            check(errors, selector.size() > 0 && matches(selector, podLabels(deployment)), Manifests.id(deployment),
                    "selector " + selector + " does not match its pod labels " + podLabels(deployment));
        }
        for (JsonNode job : Manifests.ofKind(objects, "Job")) {
            check(errors, !job.path("spec").has("selector"), Manifests.id(job), "a Job selector must be generated");
        }
        for (JsonNode service : Manifests.ofKind(objects, "Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<JsonNode> targets = deployments.stream().filter(d -> matches(selector, podLabels(d))).toList();
            check(errors, selector.size() > 0 && targets.size() == 1, Manifests.id(service),
                    "selector " + selector + " matches " + targets.size() + " Deployments, not 1");
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asText();
                check(errors, targets.stream().allMatch(d -> containerPorts(
                        d.path("spec").path("template").path("spec").path("containers").get(0)).containsKey(target)),
                        Manifests.id(service), "targetPort " + target + " is no container port");
            }
        }
        for (JsonNode pdb : Manifests.ofKind(objects, "PodDisruptionBudget")) {
            JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
            check(errors, selector.size() > 0 && deployments.stream().filter(d -> matches(selector, podLabels(d)))
                    .count() == 1, Manifests.id(pdb), "selector " + selector + " does not match exactly 1 Deployment");
        }
        for (JsonNode monitor : Manifests.ofKind(objects, "ServiceMonitor")) {
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<JsonNode> services = Manifests.ofKind(objects, "Service").stream()
                    .filter(s -> matches(selector, s.path("metadata").path("labels"))).toList();
            check(errors, selector.size() > 0 && services.size() == 1, Manifests.id(monitor),
                    "selector " + selector + " matches " + services.size() + " Services, not 1");
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                String port = endpoint.path("port").asText();
                check(errors, services.stream().allMatch(s -> s.path("spec").path("ports").findValuesAsText("name")
                        .contains(port)), Manifests.id(monitor), "port " + port + " is not a named Service port");
                check(errors, "/q/metrics".equals(endpoint.path("path").asText()), Manifests.id(monitor),
                        "path is not /q/metrics");
            }
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void noSecretValueIsCommitted(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<String> errors = new ArrayList<>();
        for (JsonNode secret : Manifests.ofKind(objects, "Secret")) {
            errors.add(Manifests.id(secret) + ": Secrets are created out of band, never committed");
        }
        for (JsonNode workload : workloads(objects)) {
            for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode env : container.path("env")) {
                    String name = env.path("name").asText();
                    check(errors, !SECRET_NAME.matcher(name).matches() || env.path("valueFrom").has("secretKeyRef"),
                            Manifests.id(workload), "env " + name + " must come from a secretKeyRef");
                }
            }
        }
        for (JsonNode configMap : Manifests.ofKind(objects, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(file -> {
                if (!file.getKey().endsWith(".properties")) {
                    return;
                }
                properties(file.getValue().asText()).forEach((key, value) -> check(errors,
                        !SECRET_NAME.matcher(key).matches() || REFERENCE.matcher(value).matches(),
                        Manifests.id(configMap), key + " holds a value, not a ${ENV} reference to a Secret"));
            });
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void scalingStaysWithinThePartitions(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<String> errors = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (JsonNode topic : Manifests.ofKind(objects, "KafkaTopic")) {
            partitions.put(topic.path("spec").path("topicName").asText(),
                    topic.path("spec").path("partitions").asInt());
        }
        for (JsonNode scaled : Manifests.ofKind(objects, "ScaledObject")) {
            String id = Manifests.id(scaled);
            JsonNode spec = scaled.path("spec");
            JsonNode target = Manifests.named(objects, "Deployment", spec.path("scaleTargetRef").path("name").asText());
            check(errors, !target.path("spec").has("replicas"), id, "its Deployment sets replicas, which KEDA owns");
            int min = spec.path("minReplicaCount").asInt();
            int max = spec.path("maxReplicaCount").asInt();
            check(errors, min >= 0 && min <= max, id, "minReplicaCount " + min + " > maxReplicaCount " + max);
            check(errors, spec.path("cooldownPeriod").asInt() > 0, id, "no cooldownPeriod");
            for (JsonNode trigger : spec.path("triggers")) {
                check(errors, "kafka".equals(trigger.path("type").asText()), id, "not a kafka lag trigger");
                JsonNode metadata = trigger.path("metadata");
                String topic = metadata.path("topic").asText();
                Integer count = partitions.get(topic);
                check(errors, count != null, id, "topic " + topic + " is no KafkaTopic");
                check(errors, count == null || max <= count, id,
                        "maxReplicaCount " + max + " exceeds the " + count + " partitions of " + topic);
                check(errors, metadata.path("lagThreshold").asInt(0) > 0, id, "no positive lagThreshold");
                check(errors, metadata.has("offsetResetPolicy"), id, "no offsetResetPolicy");
                String group = metadata.path("consumerGroup").asText();
                check(errors, aclAllows(objects, spec.path("scaleTargetRef").path("name").asText(), "group", group,
                        "Read"), id, "the worker's KafkaUser may not read as group " + group);
                check(errors, aclAllows(objects, spec.path("scaleTargetRef").path("name").asText(), "topic", topic,
                        "Read"), id, "the worker's KafkaUser may not read " + topic);
            }
        }
        for (JsonNode hpa : Manifests.ofKind(objects, "HorizontalPodAutoscaler")) {
            JsonNode target = Manifests.named(objects, "Deployment",
                    hpa.path("spec").path("scaleTargetRef").path("name").asText());
            check(errors, !target.path("spec").has("replicas"), Manifests.id(hpa),
                    "its Deployment sets replicas, which the HPA owns");
        }
        for (JsonNode topic : Manifests.ofKind(objects, "KafkaTopic")) {
            JsonNode spec = topic.path("spec");
            int replicas = spec.path("replicas").asInt();
            int minIsr = spec.path("config").path("min.insync.replicas").asInt();
            check(errors, minIsr >= 1 && minIsr <= replicas && ("dev".equals(overlay) || minIsr < replicas),
                    Manifests.id(topic), "min.insync.replicas " + minIsr + " does not fit replicas " + replicas);
            check(errors, spec.path("config").has("retention.ms"), Manifests.id(topic), "no retention.ms");
        }
        if ("production".equals(overlay)) {
            for (JsonNode topic : Manifests.ofKind(objects, "KafkaTopic")) {
                check(errors, topic.path("spec").path("replicas").asInt() == 3
                        && topic.path("spec").path("config").path("min.insync.replicas").asInt() == 2,
                        Manifests.id(topic), "production topics need replicas 3 and min.insync.replicas 2");
            }
        }
        assertThat(errors).isEmpty();
    }

    /**
     * The gateway's ingress lets live changes live: its read timeout outlasts the longest long-poll and the change
     * stream's heartbeat (the defaults in {@code GatewayConfig}, unless the ConfigMap sets them), and it does not
     * buffer server-sent events.
     */
    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void theGatewayIngressOutlastsLongPollsAndHeartbeats(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode annotations = Manifests.named(objects, "Ingress", "sync-gateway").path("metadata")
                .path("annotations");
        String gatewayConfig = read(root().resolve(
                "sync-gateway/src/main/java/io/syncid/gateway/config/GatewayConfig.java"));
        long maxWait = Long.parseLong(defaultOf(gatewayConfig, "maxWaitSeconds"));
        long heartbeat = java.time.Duration.parse("PT" + defaultOf(gatewayConfig, "heartbeat").toUpperCase())
                .toSeconds();
        long readTimeout = Long.parseLong(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText());
        assertThat(readTimeout).isGreaterThan(maxWait).isGreaterThan(heartbeat);
        assertThat(annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText()).isEqualTo("off");
        assertThat(Manifests.named(objects, "Ingress", "sync-gateway").findValuesAsText("name"))
                .contains("sync-gateway");
    }

    /** The {@code @WithDefault} value of the config method {@code method} in {@code source}. */
    private static String defaultOf(String source, String method) {
        Matcher m = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+\\w+\\s+" + method + "\\(\\)").matcher(source);
        assertThat(m.find()).as("@WithDefault of %s()", method).isTrue();
        return m.group(1);
    }

    /** The container port is the port the service module really listens on (its quarkus.http.port). */
    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void portsAndConfigKeysAreTheServicesOwn(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<String> errors = new ArrayList<>();
        for (String service : SERVICES) {
            Path module = root().resolve(service);
            JsonNode pod = Manifests.named(objects, "Deployment", service).path("spec").path("template")
                    .path("spec");
            JsonNode container = pod.path("containers").get(0);
            Path props = module.resolve("src/main/resources/application.properties");
            if (Files.exists(props)) {
                String port = properties(read(props)).get("quarkus.http.port");
                check(errors, port == null || containerPorts(container).containsValue(Integer.parseInt(port)),
                        service, "container port " + containerPorts(container) + " is not quarkus.http.port " + port);
            }
            // the generated ConfigMap's name carries a content hash: follow the Deployment's volume to it
            String configMap = pod.path("volumes").findValuesAsText("name").isEmpty()
                    ? ""
                    : pod.path("volumes").get(0).path("configMap").path("name").asText();
            String config = Manifests.named(objects, "ConfigMap", configMap).path("data")
                    .path("application.properties").asText();
            check(errors, !config.isEmpty(), service, "no application.properties in ConfigMap " + configMap);
            for (String key : properties(config).keySet()) {
                if (key.startsWith("syncid.")) {
                    check(errors, mappedKey(key, module), service, key + " is no @ConfigMapping key of the service");
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    /**
     * {@code syncid.a.b-c.d} exists when a {@code @ConfigMapping(prefix = "syncid.a")} (or {@code "syncid"}) of the
     * module or sync-runtime declares the methods {@code bC()} and {@code d()}.
     */
    private static boolean mappedKey(String key, Path module) {
        String source = configSources(module);
        Matcher prefixes = Pattern.compile("@ConfigMapping\\(prefix = \"([a-z.-]+)\"\\)").matcher(source);
        while (prefixes.find()) {
            String prefix = prefixes.group(1);
            if (key.startsWith(prefix + ".") && Stream.of(key.substring(prefix.length() + 1).split("\\."))
                    .allMatch(segment -> Pattern.compile("\\b" + Pattern.quote(camel(segment)) + "\\(\\)")
                            .matcher(source).find())) {
                return true;
            }
        }
        return false;
    }

    private static String configSources(Path module) {
        StringBuilder all = new StringBuilder();
        for (Path dir : List.of(module.resolve("src/main/java"), root().resolve("sync-runtime/src/main/java"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).map(PolicyTest::read)
                        .filter(s -> s.contains("@ConfigMapping")).forEach(all::append);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static boolean aclAllows(List<JsonNode> objects, String user, String type, String name, String operation) {
        for (JsonNode acl : Manifests.named(objects, "KafkaUser", user).path("spec").path("authorization")
                .path("acls")) {
            JsonNode resource = acl.path("resource");
            boolean nameMatches = "prefix".equals(resource.path("patternType").asText())
                    ? name.startsWith(resource.path("name").asText())
                    : name.equals(resource.path("name").asText());
            if (type.equals(resource.path("type").asText()) && nameMatches
                    && acl.path("operations").toString().contains("\"" + operation + "\"")) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> workloads(List<JsonNode> objects) {
        return objects.stream().filter(o -> Set.of("Deployment", "Job").contains(o.path("kind").asText())).toList();
    }

    private static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var entries = selector.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String probePath(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText(null);
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode port : container.path("ports")) {
            ports.put(port.path("name").asText(), port.path("containerPort").asInt());
        }
        return ports;
    }

    private static Map<String, String> properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }

    private static Path root() {
        return Path.of(System.getProperty("syncid.root", "../..")).toAbsolutePath().normalize();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(List<String> errors, boolean ok, String where, String problem) {
        if (!ok) {
            errors.add(where + ": " + problem);
        }
    }
}
