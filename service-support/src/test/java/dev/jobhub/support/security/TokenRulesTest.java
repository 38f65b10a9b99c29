package dev.jobhub.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private final TokenRules rules = new TokenRules(Duration.ofSeconds(60));

    @Test
    void aUserOrAnAdminWithASubjectIssuedUpToTheClockSkewAheadPasses() {
        assertThat(rules.violation(token(claims()), NOW)).isNull();
        assertThat(rules.violation(token(with(claims(), "groups", Set.of("admin"))), NOW)).isNull();
        assertThat(rules.violation(token(with(claims(), "iat", NOW.plusSeconds(60).getEpochSecond())), NOW)).isNull();
    }

    @Test
    void eachMissingOrWrongClaimIsNamed() {
        assertThat(rules.violation(token(without(claims(), "sub")), NOW)).contains("sub");
        assertThat(rules.violation(token(with(claims(), "sub", " ")), NOW)).contains("sub");
        assertThat(rules.violation(token(without(claims(), "iat")), NOW)).contains("iat");
        assertThat(rules.violation(token(with(claims(), "iat", NOW.plusSeconds(61).getEpochSecond())), NOW))
                .contains("future");
        assertThat(rules.violation(token(without(claims(), "groups")), NOW)).contains("group");
        assertThat(rules.violation(token(with(claims(), "groups", Set.of("reporting"))), NOW)).contains("group");
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "alice");
        claims.put("upn", "alice");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("groups", Set.of("user"));
        return claims;
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        claims.remove(name);
        return claims;
    }

    /** The claims as SmallRye presents them: iat as a number, groups as a set of strings. */
    private static JsonWebToken token(Map<String, Object> claims) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return (String) claims.get("upn");
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Set<String> getGroups() {
                return (Set<String>) claims.get("groups");
            }
        };
    }
}
