package io.syncid.tombstones.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /v1/admin/deletion-requests}: whose data to delete. */
public record DeletionRequestBody(@NotBlank @Size(max = 255) String userId) {
}
