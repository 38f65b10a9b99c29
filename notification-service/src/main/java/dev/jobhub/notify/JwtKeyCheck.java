package dev.jobhub.notify;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without a key to verify tokens with. Without one, smallrye-jwt would start happily and answer
 * every request 401, which looks like a client problem rather than the missing JWT_PUBLIC_KEY_LOCATION it is.
 */
@ApplicationScoped
public class JwtKeyCheck {

    private static final String NOT_SET = "NONE";

    private final Optional<String> publicKey;
    private final Optional<String> publicKeyLocation;

    public JwtKeyCheck(@ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation) {
        this.publicKey = publicKey;
        this.publicKeyLocation = publicKeyLocation;
    }

    void onStart(@Observes StartupEvent event) {
        if (!isSet(publicKey) && !isSet(publicKeyLocation)) {
            throw new IllegalStateException("no key to verify JWTs: set JWT_PUBLIC_KEY_LOCATION "
                    + "(mp.jwt.verify.publickey.location) to the identity provider's public key");
        }
    }

    /** smallrye-jwt reads NONE as "not set". */
    private static boolean isSet(Optional<String> value) {
        return value.filter(v -> !v.isBlank() && !v.equals(NOT_SET)).isPresent();
    }
}
