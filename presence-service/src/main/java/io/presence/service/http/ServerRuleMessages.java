package io.presence.service.http;

import io.dropwizard.jersey.validation.Validators;
import io.presence.api.PresenceUpdate;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validator;
import java.util.Locale;
import java.util.function.Function;
import org.hibernate.validator.HibernateValidatorConfiguration;

/**
 * A request body's violations worded with this server's rules where the contract's allow more. The contract
 * allows {@code ttlSeconds} of 1 to 86400 and says a server's bounds may be narrower; a client told so, and then
 * told this server's bounds by the next refusal, meets two rules in turn. The body's 422 names this server's
 * bounds and the value sent at once, as the service's own check does.
 */
public final class ServerRuleMessages implements MessageInterpolator {

    private final MessageInterpolator contract;
    private final Function<Object, String> ttlRule;

    ServerRuleMessages(MessageInterpolator contract, Function<Object, String> ttlRule) {
        this.contract = contract;
        this.ttlRule = ttlRule;
    }

    /** A validator for request bodies whose {@code ttlSeconds} violations read {@code ttlRule} of the value sent. */
    public static Validator validator(Function<Object, String> ttlRule) {
        HibernateValidatorConfiguration configuration = Validators.newConfiguration();
        return configuration.messageInterpolator(new ServerRuleMessages(configuration.getDefaultMessageInterpolator(),
                ttlRule)).buildValidatorFactory().getValidator();
    }

    @Override
    public String interpolate(String template, Context context) {
        return interpolate(template, context, Locale.getDefault());
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
        if (PresenceUpdate.TTL_RULE.equals(template)) {
            return ttlRule.apply(context.getValidatedValue());
        }
        return contract.interpolate(template, context, locale);
    }
}
