package io.syncid.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code @ValidSyncId} on a String accepts exactly what {@link SyncId#parse} accepts; null is for @NotNull. */
class ValidSyncIdTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    record Request(@ValidSyncId String syncId, @NotNull @ValidSyncId String required) {
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @RepeatedTest(5)
    void anyV4InAnyCaseIsValid(RepetitionInfo info) {
        Seeds.property(info.getCurrentRepetition(), random -> {
            for (int i = 0; i < 50; i++) {
                String id = RandomIds.randomCase(RandomIds.v4(random), random);
                assertThat(VALIDATOR.validate(new Request(id, id))).as(id).isEmpty();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00000000-0000-0000-0000-000000000000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "{4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c}", " 4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c",
            "4b0f7c1e2a7d4c1e9f3a0d5e6f7a8b9c"})
    void everythingElseIsInvalid(String text) {
        String valid = "4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c".toUpperCase(Locale.ROOT);
        assertThat(VALIDATOR.validate(new Request(text, valid)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getPropertyPath().toString()).isEqualTo("syncId");
                    assertThat(v.getMessage()).contains("UUID version 4");
                });
    }

    @Test
    void nullIsLeftToNotNull() {
        String valid = "4b0f7c1e-2a7d-4c1e-9f3a-0d5e6f7a8b9c";
        assertThat(VALIDATOR.validate(new Request(null, valid))).isEmpty();
        assertThat(VALIDATOR.validate(new Request(valid, null))).singleElement()
                .satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("required"));
    }
}
