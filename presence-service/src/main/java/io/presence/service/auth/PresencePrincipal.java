package io.presence.service.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * The caller of a write, from a verified token.
 *
 * @param subject    the token's {@code sub}: the user it speaks for
 * @param scopes     the token's scopes; {@value #ADMIN_SCOPE} may write anyone's presence, and neither it
 *                   nor {@value #READ_SCOPE} (a backend reading for all its users) is read-limited
 * @param validUntil when the token stops being accepted ({@code exp} plus the clock skew), or null when
 *                   it has no {@code exp}
 */
public record PresencePrincipal(String subject, Set<String> scopes, Instant validUntil) implements Principal {

    public static final String ADMIN_SCOPE = "presence:admin";
    public static final String READ_SCOPE = "presence:read";

    public PresencePrincipal {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String getName() {
        return subject;
    }

    /** A service account's reads are not limited per client address: it reads for many users. */
    public boolean readsUnlimited() {
        return scopes.contains(ADMIN_SCOPE) || scopes.contains(READ_SCOPE);
    }

    /**
     * An admin writes for many users (a backend, an operator's bench or import), so a per-subject limit
     * meant for one user's devices does not apply to it.
     */
    public boolean writesUnlimited() {
        return scopes.contains(ADMIN_SCOPE);
    }

    /** An admin: writes anyone's presence, exports and imports them all. */
    public boolean isAdmin() {
        return scopes.contains(ADMIN_SCOPE);
    }

    /** A user writes only their own presence; an admin writes anyone's. */
    public boolean mayWrite(String userId) {
        return subject.equals(userId) || scopes.contains(ADMIN_SCOPE);
    }
}
