package io.presence.service.config;

import io.presence.service.ratelimit.ClientAddresses;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IP address or CIDR range ({@code 192.168.1.10}, {@code 10.0.0.0/8}, {@code ::1}), as {@link ClientAddresses}
 * matches them. On a list's elements, so a refusal names the entry by its index ({@code trustedProxies[1]}).
 */
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AddressOrRange.Check.class)
public @interface AddressOrRange {

    String message() default "is not an address or range: use e.g. 192.168.1.10, 10.0.0.0/8 or ::1";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is for {@code @NotBlank} to refuse. */
    final class Check implements ConstraintValidator<AddressOrRange, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || ClientAddresses.isValidPattern(value);
        }
    }
}
