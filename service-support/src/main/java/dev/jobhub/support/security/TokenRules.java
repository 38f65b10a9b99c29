package dev.jobhub.support.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a validly signed token must also say before it identifies anyone, on every REST route and WebSocket of every
 * service alike (it runs as the last step of authentication, so a refusal is a 401):
 * <ul>
 * <li>a non-empty {@code sub}: the user id everything is owned by (never the {@code upn} instead);</li>
 * <li>an {@code iat} no later than now plus the allowed clock skew: a token "issued" in the future was not issued by
 * a clock anyone trusts, and would outlive any revocation by age;</li>
 * <li>the {@code user} or {@code admin} group: a token for some other audience of the same issuer carries neither.</li>
 * </ul>
 * Signature, expiry, issuer and (when {@code mp.jwt.verify.audiences} is set) audience are SmallRye JWT's checks.
 */
@ApplicationScoped
public class TokenRules implements SecurityIdentityAugmentor {

    static final Set<String> GROUPS = Set.of(CurrentUser.USER_GROUP, CurrentUser.ADMIN_GROUP);

    private final Duration clockSkew;

    public TokenRules(@ConfigProperty(name = "jobhub.security.token-clock-skew", defaultValue = "60s")
            Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String broken = violation(jwt, Instant.now());
        return broken == null ? Uni.createFrom().item(identity)
                : Uni.createFrom().failure(new AuthenticationFailedException(broken));
    }

    /** Why the token does not identify a user of the platform, or null if it does. */
    String violation(JsonWebToken jwt, Instant now) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            return "the token has no subject (sub)";
        }
        Long issuedAt = epochSeconds(jwt.getClaim(Claims.iat.name()));
        if (issuedAt == null) {
            return "the token has no issue time (iat)";
        }
        if (Instant.ofEpochSecond(issuedAt).isAfter(now.plus(clockSkew))) {
            return "the token is issued in the future (iat)";
        }
        Set<String> groups = jwt.getGroups();
        if (groups == null || groups.stream().noneMatch(GROUPS::contains)) {
            return "the token carries neither the user nor the admin group";
        }
        return null;
    }

    /** A time claim as SmallRye JWT hands it out (a number, or a JSON number), or null if absent. */
    private static Long epochSeconds(Object claim) {
        if (claim instanceof Number number) {
            return number.longValue();
        }
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        return null;
    }
}
