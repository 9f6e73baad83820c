package io.syncid.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncid.model.ContentHash;
import io.syncid.model.DocumentContent;
import io.syncid.model.SyncId;

/** Stored fields read as the map they were stored from, hash as it, and keep their JSON for a pull to pass on. */
class StoredFieldsTest {

    private static final String JSON = "{\"renewal\":\"2027-01-31\",\"nested\":{\"b\":[1,2.5,\"x\",true],\"a\":null}}";

    private static Map<String, Object> plain() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", List.of(1, 2.5, "x", true));
        nested.put("a", null);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("renewal", "2027-01-31");
        fields.put("nested", nested);
        return fields;
    }

    @Test
    void equalsTheMapItWasStoredFromBothWaysAndKeepsItsJson() {
        StoredFields stored = new StoredFields(JSON);
        assertThat(stored).isEqualTo(plain());
        assertThat(plain()).isEqualTo(stored);
        assertThat(stored.hashCode()).isEqualTo(plain().hashCode());
        assertThat(stored.get("renewal")).isEqualTo("2027-01-31");
        assertThat(stored.json()).isEqualTo(JSON);
    }

    @Test
    void isReadOnly() {
        StoredFields stored = new StoredFields(JSON);
        assertThatThrownBy(() -> stored.put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void hashesAsTheParsedMapWhateverTheJsonLayout() {
        StoredFields reordered = new StoredFields(
                "{ \"nested\" : {\"a\":null, \"b\":[1,2.5,\"x\",true]}, \"renewal\":\"2027-01-31\" }");
        assertThat(ContentHash.of(new DocumentContent("t", "c", reordered, List.of())))
                .isEqualTo(ContentHash.of(new DocumentContent("t", "c", plain(), List.of())));
    }

    @Test
    void isWrittenBackAsStoredAndReadBackAsStoredFields() {
        DocumentItem doc = DocumentItemCodec.fromItem(DocumentItemCodec.toItem(new DocumentItem(
                SyncId.random(), "alice", "t", "c", plain(), List.of(), Instant.EPOCH,
                Instant.EPOCH, 1, "h", null, null, false, null, null, null, List.of(), "d",
                new ChangePosition(0, 1, 0), 1L)));
        assertThat(doc.fields()).isInstanceOf(StoredFields.class).isEqualTo(plain());
        String json = ((StoredFields) doc.fields()).json();
        assertThat(DocumentItemCodec.toItem(doc).get(DocumentsTable.FIELDS).s()).isEqualTo(json);
    }

    @Test
    void aStoredValueThatIsNotAJsonObjectFailsWhenReadAsAMap() {
        StoredFields broken = new StoredFields("[1,2]");
        assertThat(broken.json()).isEqualTo("[1,2]");
        assertThatThrownBy(broken::size).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a JSON object");
    }
}
