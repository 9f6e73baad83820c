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

/** Bean Validation constraint: the annotated string is an acceptable attachment file name ({@link FileNames}). */
@Documented
@Constraint(validatedBy = ValidFileName.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidFileName {

    String message() default "must be 1 to 255 characters with no /, \\, NUL or control characters, and not . or ..";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link FileNames#problem(String)}; null counts as invalid (a file name is always required). */
    class Validator implements ConstraintValidator<ValidFileName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return FileNames.problem(value) == null;
        }
    }
}
