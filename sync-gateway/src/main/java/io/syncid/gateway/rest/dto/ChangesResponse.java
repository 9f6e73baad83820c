package io.syncid.gateway.rest.dto;

import java.util.List;

/** Answer of {@code POST /v1/changes}: one result per operation, in request order. */
public record ChangesResponse(List<OperationResult> results) {

    /** The example of the API description. */
    public static final String EXAMPLE = """
            {"results": [{"opId": "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b",
             "syncId": "3b241101-e2bb-4255-8caf-4136c566a962", "status": "ACCEPTED"},
             {"opId": "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d", "syncId": "3b241101-e2bb-4255-8caf-4136c566a962",
             "status": "REJECTED", "error": {"code": "VALIDATION_FAILED",
             "message": "document.title must be 1 to 512 characters"}}]}""";
}
