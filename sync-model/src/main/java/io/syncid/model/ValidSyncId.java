package io.syncid.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Bean Validation constraint: the annotated string is a syncId (SPEC §2); null is left to {@code @NotNull}. */
@Documented
@Constraint(validatedBy = ValidSyncId.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidSyncId {

    String message() default "must be a UUID version 4 in 8-4-4-4-12 form";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link SyncId#isValid(String)}. */
    class Validator implements ConstraintValidator<ValidSyncId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || SyncId.isValid(value);
        }
    }
}
