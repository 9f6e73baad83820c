package io.syncid.tombstones.rest.dto;

import java.time.Instant;
import java.util.Map;

/** How many tombstones the registry holds, in total and by age (bucket name → count), as of {@code asOf}. */
public record TombstoneCounts(long total, Map<String, Long> byAge, Instant asOf) {
}
