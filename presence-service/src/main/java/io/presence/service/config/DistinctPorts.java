package io.presence.service.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No two of the node's listeners (its HTTP connectors and its embedded nats-server) on one address and
 * port: the second would fail to bind at start, in words that cannot say the other is the node's own.
 * The violation names the two settings ({@link DistinctPortsValidator}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctPortsValidator.class)
public @interface DistinctPorts {
    String message() default "two listeners share a port";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
