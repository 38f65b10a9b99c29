package dev.jobhub.notify.preference;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Keeps a user's profile in step with their token: the routes a client calls first (the inbox, its counter, the
 * live streams, the preferences and the profile) record the token's {@code email} claim. A claim that is not an
 * address is ignored, and a failure to record it never fails the call it rides on.
 */
@ApplicationScoped
public class ClaimSync {

    private final ProfileStore profiles;

    public ClaimSync(ProfileStore profiles) {
        this.profiles = profiles;
    }

    public Uni<Void> sync(String userId, JsonWebToken token) {
        String email = email(token);
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        return profiles.syncClaim(userId, email).onFailure().recoverWithUni(failure -> {
            Log.debugf("could not record the email claim of %s: %s", userId, failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** The token's email claim if it is an address, else null. */
    public static String email(JsonWebToken token) {
        Object claim = token == null ? null : token.getClaim("email");
        String email = claim == null ? null : claim.toString();
        return EmailAddress.isValid(email) ? email : null;
    }
}
