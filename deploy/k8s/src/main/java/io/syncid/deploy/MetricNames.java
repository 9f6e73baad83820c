package io.syncid.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The metric names the alert rules and the Grafana dashboard of deploy/k8s read, and the names a Prometheus text
 * scrape ({@code /q/metrics}) exports: so a test can prove that every series an operator watches really exists.
 */
public final class MetricNames {

    /** Series of Strimzi's Kafka Exporter (consumer lag and topic offsets), not of a syncid service. */
    public static final Set<String> KAFKA_EXPORTER = Set.of("kafka_consumergroup_lag",
            "kafka_consumergroup_current_offset", "kafka_topic_partition_current_offset",
            "kafka_topic_partition_oldest_offset");

    /** The PrometheusRule and the dashboard, relative to the deploy/k8s directory. */
    public static final String RULES = "platform/prometheus-rules.yaml";
    public static final String DASHBOARD = "platform/dashboards/syncid.json";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A number or duration (skipped), an identifier, or one character. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<number>(0x[0-9a-fA-F]+|\\d+(\\.\\d+)?([eE][+-]?\\d+)?)([a-zA-Z]+\\d*)*)"
                    + "|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)|(?<other>\\S)");
    private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "start", "end", "atan2");

    private MetricNames() {
    }

    /** The metric names {@code promql} selects (label names, functions, keywords and durations excluded). */
    public static Set<String> inExpression(String promql) {
        String text = STRINGS.matcher(promql).replaceAll("\"\"");
        text = text.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher tokens = TOKEN.matcher(text);
        while (tokens.find()) {
            String name = tokens.group("name");
            if (name == null || KEYWORDS.contains(name)) {
                continue;
            }
            int next = tokens.end();
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            if (next < text.length() && text.charAt(next) == '(') {
                continue; // a function or aggregation
            }
            names.add(name);
        }
        return names;
    }

    /** Alert name to expression of every rule of a PrometheusRule manifest. */
    public static Map<String, String> ruleExpressions(Path prometheusRule) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : read(YAML, prometheusRule).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                expressions.put(name, rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The rule groups of a PrometheusRule manifest as a plain Prometheus rule file (what promtool reads). */
    public static String ruleFile(Path prometheusRule) {
        try {
            return YAML.writeValueAsString(read(YAML, prometheusRule).path("spec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "panel title [refId]" to expression of every query of a Grafana dashboard. */
    public static Map<String, String> dashboardExpressions(Path dashboard) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : read(JSON, dashboard).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.put(panel.path("title").asText() + " [" + target.path("refId").asText() + "]",
                            target.path("expr").asText());
                }
            }
        }
        return expressions;
    }

    /** Every metric name the rules and the dashboard under {@code deployDir} (deploy/k8s) read. */
    public static Set<String> used(Path deployDir) {
        Set<String> names = new TreeSet<>();
        ruleExpressions(deployDir.resolve(RULES)).values().forEach(e -> names.addAll(inExpression(e)));
        dashboardExpressions(deployDir.resolve(DASHBOARD)).values().forEach(e -> names.addAll(inExpression(e)));
        return names;
    }

    /** The sample names of a Prometheus text exposition (e.g. {@code x_bucket}, {@code x_count}, {@code y_total}). */
    public static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String sample = line.strip();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < sample.length() && sample.charAt(end) != '{' && !Character.isWhitespace(sample.charAt(end))) {
                end++;
            }
            names.add(sample.substring(0, end));
        }
        return names;
    }

    /** The names of {@code used} that none of the scrapes exports (the Kafka Exporter's series excluded). */
    public static Set<String> missing(Collection<String> used, Collection<String> expositions) {
        Set<String> exported = new TreeSet<>();
        expositions.forEach(e -> exported.addAll(exported(e)));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        missing.removeAll(KAFKA_EXPORTER);
        return missing;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
