package dev.jobhub.stack.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Mints RS256 JWTs the services accept: {@code sub} = the user, {@code email} = {@code <user>@example.com},
 * {@code groups} = {@code user} (plus {@code admin}), issuer and lifetime as given.
 */
public final class JwtSigner {

    private final PrivateKey key;
    private final String issuer;

    public JwtSigner(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public String token(String user, boolean admin, Duration lifetime) {
        return token(user, admin ? List.of("user", "admin") : List.of("user"), Instant.now(), lifetime);
    }

    public String token(String user, List<String> groups, Instant issuedAt, Duration lifetime) {
        return sign(claims(user, groups, issuedAt, lifetime));
    }

    /** The claims {@link #token} signs, for a caller that changes some before signing them with {@link #sign}. */
    public ObjectNode claims(String user, List<String> groups, Instant issuedAt, Duration lifetime) {
        ObjectNode claims = JobJsonCodec.mapper().createObjectNode()
                .put("iss", issuer)
                .put("sub", user)
                .put("upn", user)
                .put("email", user + "@example.com")
                .put("iat", issuedAt.getEpochSecond())
                .put("exp", issuedAt.plus(lifetime).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        groups.forEach(claims.putArray("groups")::add);
        return claims;
    }

    /** Any claims, signed with RS256. */
    public String sign(ObjectNode claims) {
        String signingInput = base64Url(JobJsonCodec.toBytes(header("RS256"))) + "."
                + base64Url(JobJsonCodec.toBytes(claims));
        return signingInput + "." + base64Url(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Any claims with {@code alg: none} and no signature: what no service may accept. */
    public static String unsigned(ObjectNode claims) {
        return base64Url(JobJsonCodec.toBytes(header("none"))) + "." + base64Url(JobJsonCodec.toBytes(claims)) + ".";
    }

    private static ObjectNode header(String algorithm) {
        return JobJsonCodec.mapper().createObjectNode().put("alg", algorithm).put("typ", "JWT");
    }

    private byte[] sign(byte[] input) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
