package io.presence.service.http;

import io.dropwizard.jersey.validation.Validators;
import io.presence.api.PresenceUpdate;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validator;
import java.util.Locale;
import java.util.function.Function;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.hibernate.validator.cfg.defs.MaxDef;
import org.hibernate.validator.cfg.defs.MinDef;

/**
 * A request body checked against this server's rules where the contract's allow more. The contract allows
 * {@code ttlSeconds} of 1 to 86400 and says a server's bounds may be narrower; a client told so, and then told this
 * server's bounds by the next refusal, meets two rules in turn. The body's validator holds this server's bounds
 * too, so one 422 names them and the value sent, beside every other invalid field, worded as the service's own
 * check words them.
 */
public final class ServerRuleMessages implements MessageInterpolator {

    /** The template of this server's own bounds on {@code ttlSeconds}; worded by {@link #interpolate}. */
    private static final String SERVER_TTL_RULE = "{io.presence.service.ttlSeconds}";

    private final MessageInterpolator contract;
    private final Function<Object, String> ttlRule;

    ServerRuleMessages(MessageInterpolator contract, Function<Object, String> ttlRule) {
        this.contract = contract;
        this.ttlRule = ttlRule;
    }

    /**
     * A validator for request bodies that also holds {@code ttlSeconds} within {@code minTtl}..{@code maxTtl}, its
     * violations (the contract's and these) reading {@code ttlRule} of the value sent.
     */
    public static Validator validator(long minTtl, long maxTtl, Function<Object, String> ttlRule) {
        HibernateValidatorConfiguration configuration = Validators.newConfiguration();
        ConstraintMapping bounds = configuration.createConstraintMapping();
        bounds.type(PresenceUpdate.class).field("ttlSeconds")
                .constraint(new MinDef().value(minTtl).message(SERVER_TTL_RULE))
                .constraint(new MaxDef().value(maxTtl).message(SERVER_TTL_RULE));
        return configuration.addMapping(bounds)
                .messageInterpolator(new ServerRuleMessages(configuration.getDefaultMessageInterpolator(), ttlRule))
                .buildValidatorFactory().getValidator();
    }

    @Override
    public String interpolate(String template, Context context) {
        return interpolate(template, context, Locale.getDefault());
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
        if (PresenceUpdate.TTL_RULE.equals(template) || SERVER_TTL_RULE.equals(template)) {
            return ttlRule.apply(context.getValidatedValue());
        }
        return contract.interpolate(template, context, locale);
    }
}
