package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SPEC §4 limits of a document, as Bean Validation constraints on the shared records. */
class DocumentContentValidationTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void aTypicalDocumentIsValid() {
        assertThat(VALIDATOR.validate(doc("Home insurance", "insurance", List.of(att("policy.pdf"))))).isEmpty();
        assertThat(VALIDATOR.validate(doc("t".repeat(512), "c".repeat(128), many(100)))).isEmpty();
    }

    @RepeatedTest(5)
    void randomDocumentsWithinTheLimitsAreValid(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 50; i++) {
                DocumentContent doc = EventGenerators.content(random);
                assertThat(VALIDATOR.validate(doc)).as("%s", doc).isEmpty();
            }
        });
    }

    @Test
    void absentFieldsAndAttachmentsAreEmptyAndValid() {
        DocumentContent doc = new DocumentContent("t", "c", null, null);
        assertThat(doc.fields()).isEmpty();
        assertThat(doc.attachments()).isEmpty();
        assertThat(VALIDATOR.validate(doc)).isEmpty();
    }

    @Test
    void titleCategoryAndAttachmentCountAreBounded() {
        assertThat(VALIDATOR.validate(doc("", "c", List.of()))).hasSize(1);
        assertThat(VALIDATOR.validate(doc("t".repeat(513), "c", List.of()))).hasSize(1);
        assertThat(VALIDATOR.validate(doc(null, "c", List.of()))).hasSize(1);
        assertThat(VALIDATOR.validate(doc("t", "", List.of()))).hasSize(1);
        assertThat(VALIDATOR.validate(doc("t", "c".repeat(129), List.of()))).hasSize(1);
        assertThat(VALIDATOR.validate(doc("t", "c", many(101)))).singleElement()
                .satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("attachments"));
        assertThat(VALIDATOR.validate(doc(null, null, many(101)))).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a\u0000b", "a\nb", "\t", "x\u007f", "/"})
    void badFileNamesAreInvalid(String name) {
        assertThat(VALIDATOR.validate(doc("t", "c", List.of(att(name)))))
                .singleElement()
                .satisfies(v -> assertThat(v.getPropertyPath().toString()).endsWith("fileName"));
        assertThat(FileNames.problem(name)).isNotNull();
    }

    @Test
    void aFileNameOf256CharactersIsInvalidAnd255IsFine() {
        assertThat(VALIDATOR.validate(doc("t", "c", List.of(att("n".repeat(256)))))).hasSize(1);
        assertThat(VALIDATOR.validate(doc("t", "c", List.of(att("n".repeat(255)))))).isEmpty();
        assertThat(FileNames.problem("scan 1 (copy).pdf")).isNull();
    }

    private static DocumentContent doc(String title, String category, List<Attachment> attachments) {
        return new DocumentContent(title, category, Map.of("k", 1), attachments);
    }

    private static Attachment att(String name) {
        return new Attachment(name, "application/pdf", 1L, null, null, null);
    }

    private static List<Attachment> many(int n) {
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(att("f" + i));
        }
        return out;
    }
}
