package dev.jobhub.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.token.JwtSigner;
import dev.jobhub.stack.token.PemKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** JWTs for tests, signed with a key pair made for this JVM; {@link #forged} uses another key. */
public final class TestTokens {

    private static final KeyPair KEYS = PemKeys.generate();
    private static final JwtSigner SIGNER = new JwtSigner(KEYS.getPrivate(), PlatformServices.ISSUER);
    private static final JwtSigner FORGER = new JwtSigner(PemKeys.generate().getPrivate(), PlatformServices.ISSUER);

    private TestTokens() {
    }

    public static String publicKeyPem() {
        return PemKeys.publicKeyPem(KEYS.getPublic());
    }

    public static String user(String user) {
        return SIGNER.token(user, false, Duration.ofHours(1));
    }

    public static String admin(String user) {
        return SIGNER.token(user, true, Duration.ofHours(1));
    }

    /** Right claims, signed by a key the services do not trust. */
    public static String forged(String user) {
        return FORGER.token(user, false, Duration.ofHours(1));
    }

    public static String expired(String user) {
        return SIGNER.token(user, List.of("user"), Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    }

    /** A valid token that expires {@code lifetime} from now. */
    public static String expiringIn(String user, Duration lifetime) {
        return SIGNER.token(user, List.of("user"), Instant.now(), lifetime);
    }

    /** A user's token with its claims changed by {@code change} (a claim removed, emptied, moved in time…), signed. */
    public static String withClaims(String user, Consumer<ObjectNode> change) {
        ObjectNode claims = SIGNER.claims(user, List.of("user"), Instant.now(), Duration.ofHours(1));
        change.accept(claims);
        return SIGNER.sign(claims);
    }

    /** A user's token with {@code alg: none} and no signature. */
    public static String unsigned(String user) {
        return JwtSigner.unsigned(SIGNER.claims(user, List.of("user"), Instant.now(), Duration.ofHours(1)));
    }

    /**
     * Every kind of token no route may accept for {@code user}, by what is wrong with it: each must be answered 401,
     * on REST and on the WebSocket upgrade alike. The admin group is on those that are validly signed, so that a
     * route for admins refuses them for the token, not for the role.
     */
    public static Map<String, String> unacceptable(String user) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("forged signature", forged(user));
        tokens.put("expired", expired(user));
        tokens.put("alg none", unsigned(user));
        tokens.put("no sub", asAdmin(user, claims -> claims.remove("sub")));
        tokens.put("empty sub", asAdmin(user, claims -> claims.put("sub", "")));
        tokens.put("blank sub", asAdmin(user, claims -> claims.put("sub", "  ")));
        tokens.put("iat a year ahead", asAdmin(user, claims -> claims.put("iat",
                Instant.now().plus(Duration.ofDays(365)).getEpochSecond())));
        tokens.put("no iat", asAdmin(user, claims -> claims.remove("iat")));
        tokens.put("no groups", withClaims(user, claims -> claims.remove("groups")));
        tokens.put("other groups only", withClaims(user, claims -> claims.putArray("groups").add("reporting")));
        return tokens;
    }

    private static String asAdmin(String user, Consumer<ObjectNode> change) {
        return withClaims(user, claims -> {
            claims.putArray("groups").add("user").add("admin");
            change.accept(claims);
        });
    }

    /** "Bearer …" for an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
