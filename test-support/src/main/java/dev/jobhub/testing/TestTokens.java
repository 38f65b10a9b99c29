package dev.jobhub.testing;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.token.JwtSigner;
import dev.jobhub.stack.token.PemKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    /** "Bearer …" for an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
