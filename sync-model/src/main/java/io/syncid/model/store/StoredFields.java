package io.syncid.model.store;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.syncid.model.EventJson;

/**
 * A stored document's fields: the JSON object the remote-writer stored, parsed only when read as a map. A pull hands
 * thousands of documents to a device that wants the same JSON back, so the gateway writes {@link #json()} into its
 * answer as it is (parsing it into a map and serializing that again took a tenth of the gateway's CPU per document).
 * As a map it is read-only and equal to any map of the same entries; serialized as a map (content hashes, events) it
 * is the parsed map, so a hash does not depend on how the JSON was laid out.
 */
public final class StoredFields extends AbstractMap<String, Object> {

    private static final TypeReference<Map<String, Object>> FIELDS_TYPE = new TypeReference<>() {
    };

    private final String json;
    private volatile Map<String, Object> parsed;

    /** {@code json} must be a JSON object, as {@link DocumentItemCodec} stores it; it is parsed on first read. */
    public StoredFields(String json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The stored JSON object, as stored. */
    public String json() {
        return json;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public Object get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }

    private Map<String, Object> parsed() {
        Map<String, Object> map = parsed;
        if (map == null) {
            try {
                map = Collections.unmodifiableMap(EventJson.mapper().readValue(json, FIELDS_TYPE));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored fields are not a JSON object", e);
            }
            parsed = map;
        }
        return map;
    }
}
