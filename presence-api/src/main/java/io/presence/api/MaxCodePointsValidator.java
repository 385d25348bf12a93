package io.presence.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link MaxCodePoints}. */
public final class MaxCodePointsValidator implements ConstraintValidator<MaxCodePoints, CharSequence> {

    private int max;

    @Override
    public void initialize(MaxCodePoints constraint) {
        max = constraint.value();
    }

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
        return text == null || Character.codePointCount(text, 0, text.length()) <= max;
    }
}
