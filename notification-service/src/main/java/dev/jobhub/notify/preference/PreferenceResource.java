package dev.jobhub.notify.preference;

import dev.jobhub.notify.inapp.NotificationType;
import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The caller's notification preferences (one per type and channel, created with the defaults on first use), the
 * types with their critical flag (set by admins), and the caller's profile (where email goes).
 */
@Path("/api/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PreferenceResource {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final PreferenceStore preferences;
    private final NotificationTypeStore types;
    private final ProfileStore profiles;
    private final ClaimSync claims;
    private final CurrentUser user;
    private final JsonWebToken token;

    public PreferenceResource(PreferenceStore preferences, NotificationTypeStore types, ProfileStore profiles,
            ClaimSync claims, CurrentUser user, JsonWebToken token) {
        this.preferences = preferences;
        this.types = types;
        this.profiles = profiles;
        this.claims = claims;
        this.user = user;
        this.token = token;
    }

    @GET
    @Path("preferences")
    public Uni<List<Preference>> list() {
        String userId = user.id();
        return claims.sync(userId, token).chain(() -> preferences.list(userId));
    }

    /** {@code {enabled?, digest?, digestHour?, digestWeekday?, timezone?}}; 404 for another user's preference. */
    @PATCH
    @Path("preferences/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    public Uni<Preference> update(@RestPath String id, String body) {
        PreferenceChange change = RequestBodies.read(body, PreferenceChange.class);
        if (change.type() != null || change.channel() != null) {
            throw ProblemException.badRequest("a preference's type and channel cannot change", "type");
        }
        return preferences.update(user.id(), preferenceId(id), change);
    }

    /** {@code {preferences: [{type, channel, enabled?, digest?, …}]}}: all applied, or none (400 naming each). */
    @PUT
    @Path("preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<List<Preference>> updateAll(String body) {
        PreferenceChange.Bulk bulk = RequestBodies.read(body, PreferenceChange.Bulk.class);
        if (bulk.preferences() == null) {
            throw ProblemException.badRequest("'preferences' is required", "preferences");
        }
        return preferences.updateAll(user.id(), bulk.preferences());
    }

    @GET
    @Path("types")
    public Uni<List<NotificationTypeStore.TypeView>> types() {
        return types.list();
    }

    /** {@code {critical}}: admins only. A critical type cannot be switched off and is never held for a digest. */
    @PATCH
    @Path("types/{type}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    public Uni<NotificationTypeStore.TypeView> setCritical(@RestPath String type, String body) {
        if (!user.isAdmin()) {
            throw new ProblemException(Problem.of(403, "only an admin may make a type critical"));
        }
        CriticalChange change = RequestBodies.read(body, CriticalChange.class);
        if (change.critical() == null) {
            throw ProblemException.badRequest("'critical' (true or false) is required", "critical");
        }
        return types.setCritical(NotificationType.parse(type, "type").wireName(), change.critical(), user.id());
    }

    record CriticalChange(Boolean critical) {
    }

    @GET
    @Path("profile")
    public Uni<ProfileStore.Profile> profile() {
        String userId = user.id();
        return claims.sync(userId, token).chain(() -> profiles.get(userId));
    }

    /**
     * {@code {email, presenceAwareEmail?}}: the address email goes to ({@code null} returns to the token's email
     * claim), and whether email waits while the caller is online (absent: unchanged).
     */
    @PUT
    @Path("profile")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProfileStore.Profile> setProfile(String body) {
        ProfileChange change = RequestBodies.read(body, ProfileChange.class);
        if (change.email() != null && !EmailAddress.isValid(change.email())) {
            throw ProblemException.badRequest("'email' must be an email address such as ada@example.com", "email");
        }
        return profiles.set(user.id(), change.email(), ClaimSync.email(token), change.presenceAwareEmail());
    }

    record ProfileChange(String email, Boolean presenceAwareEmail) {
    }

    private static UUID preferenceId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("preference " + id);
        }
    }
}
