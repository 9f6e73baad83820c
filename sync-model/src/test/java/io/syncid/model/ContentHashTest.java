package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static final Attachment PDF = new Attachment("policy.pdf", "application/pdf", 48213L, "sha256:ab", null,
            null);

    @Test
    void isLowercaseHexSha256() {
        String hash = ContentHash.of(new DocumentContent("t", "c", null, null));
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void doesNotDependOnTheOrderOfFieldsAtAnyDepth() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("nested", new LinkedHashMap<>(Map.of("b", 2)));
        ((Map<String, Object>) a.get("nested")).put("a", 1);
        Map<String, Object> b = new LinkedHashMap<>();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", 1);
        nested.put("b", 2);
        b.put("nested", nested);
        b.put("x", 1);
        assertThat(ContentHash.of(new DocumentContent("t", "c", a, List.of(PDF))))
                .isEqualTo(ContentHash.of(new DocumentContent("t", "c", b, List.of(PDF))));
    }

    @Test
    void ignoresTheDerivedS3KeyButNotTheAttachmentMetadata() {
        DocumentContent plain = new DocumentContent("t", "c", null, List.of(PDF));
        DocumentContent stored = new DocumentContent("t", "c", null, List.of(PDF.withS3Key("u/s/policy.pdf")));
        DocumentContent otherSize = new DocumentContent("t", "c", null,
                List.of(new Attachment("policy.pdf", "application/pdf", 1L, "sha256:ab", null, null)));
        assertThat(ContentHash.of(plain)).isEqualTo(ContentHash.of(stored)).isNotEqualTo(ContentHash.of(otherSize));
    }

    @Test
    void changesWithEveryContentAttribute() {
        String base = ContentHash.of(new DocumentContent("t", "c", Map.of("k", "v"), null));
        assertThat(ContentHash.of(new DocumentContent("t2", "c", Map.of("k", "v"), null))).isNotEqualTo(base);
        assertThat(ContentHash.of(new DocumentContent("t", "c2", Map.of("k", "v"), null))).isNotEqualTo(base);
        assertThat(ContentHash.of(new DocumentContent("t", "c", Map.of("k", "w"), null))).isNotEqualTo(base);
    }
}
