package io.syncid.gateway.rest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import io.syncid.gateway.config.GatewayConfig;
import io.syncid.model.DocumentContent;
import io.syncid.model.ErrorCode;
import io.syncid.model.FileNames;
import io.syncid.runtime.rest.Problems;

/**
 * Completes the served OpenAPI document so a device client can be generated from it: every error answer is described
 * as RFC 9457 problem+json with an example of its stable code, every operation lists the 401 and 503 any request can
 * get, and the {@code {limit}} placeholders of the texts are replaced by this deployment's configured limits.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiDocument implements OASFilter {

    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    private final Map<String, String> limits = new LinkedHashMap<>();

    public OpenApiDocument() {
        GatewayConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(GatewayConfig.class);
        limits.put("{max-operations}", Integer.toString(config.maxOperations()));
        limits.put("{max-body-bytes}", Integer.toString(config.maxBodyBytes()));
        limits.put("{max-limit}", Integer.toString(config.pull().maxLimit()));
        limits.put("{default-limit}", Integer.toString(config.pull().defaultLimit()));
        limits.put("{settle-window}", config.pull().settleWindow().toString());
        limits.put("{max-wait}", Integer.toString(config.live().maxWaitSeconds()));
        limits.put("{max-held-per-user}", Integer.toString(config.live().maxHeldPerUser()));
        limits.put("{max-streams-per-user}", Integer.toString(config.live().maxStreamsPerUser()));
        limits.put("{heartbeat}", config.live().heartbeat().toString());
        limits.put("{replay-results}", Integer.toString(config.live().replayResults()));
        limits.put("{presign-expiry}", config.presignExpiry().toString());
        limits.put("{max-attachment-bytes}", Long.toString(config.attachments().maxBytes()));
        limits.put("{retry-after}", Long.toString(config.retryAfter().toSeconds()));
        limits.put("{match-tolerance}", config.legacy().matchTolerance().toString());
        limits.put("{max-matches}", Integer.toString(config.legacy().maxMatches()));
        limits.put("{max-title}", Integer.toString(DocumentContent.MAX_TITLE));
        limits.put("{max-category}", Integer.toString(DocumentContent.MAX_CATEGORY));
        limits.put("{max-fields-bytes}", Integer.toString(DocumentContent.MAX_FIELDS_BYTES));
        limits.put("{max-attachments}", Integer.toString(DocumentContent.MAX_ATTACHMENTS));
        limits.put("{max-file-name}", Integer.toString(FileNames.MAX_LENGTH));
    }

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().addSchema(PROBLEM, problemSchema());
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::complete));
    }

    private void complete(Operation operation) {
        operation.setSummary(fill(operation.getSummary()));
        operation.setDescription(fill(operation.getDescription()));
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().setDescription(fill(operation.getRequestBody().getDescription()));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> p.setDescription(fill(p.getDescription())));
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse()
                    .description("UNAUTHORIZED: no valid bearer token (RS256, sub = userId; reserved platform "
                            + "identities " + Caller.RESERVED_PREFIX + "… are refused)"));
        }
        if (!responses.hasAPIResponse("503")) {
            responses.addAPIResponse("503", OASFactory.createAPIResponse()
                    .description("SERVICE_UNAVAILABLE: a dependency did not answer in time; retry after "
                            + "Retry-After seconds"));
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            APIResponse response = entry.getValue();
            response.setDescription(fill(response.getDescription()));
            int status = Integer.parseInt(entry.getKey());
            if (status >= 400) {
                ErrorCode code = codeOf(response.getDescription(), status);
                response.setContent(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM_REF))
                                .addExample(code.name(), OASFactory.createExample()
                                        .summary(code.name())
                                        .value(Problems.body(code, exampleDetail(code), Map.of())))));
            }
        }
    }

    /** The code a description starts with ("NOT_FOUND: …"), else the usual one of the status. */
    private static ErrorCode codeOf(String description, int status) {
        if (description != null) {
            int colon = description.indexOf(':');
            if (colon > 0) {
                try {
                    return ErrorCode.valueOf(description.substring(0, colon));
                } catch (IllegalArgumentException e) {
                    // a plain description: fall through to the status's usual code
                }
            }
        }
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 410 -> ErrorCode.TOMBSTONED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> ErrorCode.VALIDATION_FAILED;
        };
    }

    private static String exampleDetail(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> "a valid bearer token is required";
            case NOT_FOUND -> "no document 3b241101-e2bb-4255-8caf-4136c566a962";
            case TOMBSTONED -> "document 3b241101-e2bb-4255-8caf-4136c566a962 was deleted";
            case RESYNC_REQUIRED -> "the cursor is older than the tombstone retention horizon; do a full pull";
            case SERVICE_UNAVAILABLE -> "a dependency is unavailable; retry later";
            case TOO_MANY_REQUESTS -> "too many requests; retry after Retry-After seconds";
            default -> "the request does not meet the device API's rules";
        };
    }

    private String fill(String text) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        String filled = text;
        for (Map.Entry<String, String> limit : limits.entrySet()) {
            filled = filled.replace(limit.getKey(), limit.getValue());
        }
        return filled;
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with the stable syncid code; extension members (such as "
                        + "tombstone or retentionHorizon) sit beside the standard ones")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri"))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .enumeration(Arrays.stream(ErrorCode.values()).map(c -> (Object) c.name()).toList()))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }
}
