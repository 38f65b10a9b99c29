package dev.jobhub.notify.preference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code user_profiles} table: where a user's email goes. The JWT's {@code email} claim fills it whenever the user
 * calls this service; an address the user set themselves wins over the claim until they clear it.
 */
@ApplicationScoped
public class ProfileStore {

    /**
     * A profile as the API shows it; {@code emailSource} is {@code token}, {@code user} or null (no address).
     *
     * @param presenceAwareEmail whether email waits while the user is online, and is dropped if they read the
     *        notification in the app meanwhile
     */
    public record Profile(String userId, String email, String emailSource, boolean presenceAwareEmail,
            Instant updatedAt) {

        static Profile of(String userId, RowSet<Row> rows) {
            if (rows.size() == 0) {
                return new Profile(userId, null, null, false, null);
            }
            Row row = rows.iterator().next();
            return new Profile(userId, row.getString("email"), row.getString("email_source"),
                    row.getBoolean("presence_aware_email"), row.getOffsetDateTime("updated_at").toInstant());
        }
    }

    private static final int REMEMBERED = 10_000;

    private final Pool pool;
    /** The claims written lately, so that a user's every call does not write the same address again. */
    private final Map<String, String> synced = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    public ProfileStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Profile> get(String userId) {
        return pool.preparedQuery("SELECT * FROM notify.user_profiles WHERE user_id = $1").execute(Tuple.of(userId))
                .map(rows -> Profile.of(userId, rows));
    }

    /**
     * The address a user sets; null clears it, and the token's claim ({@code tokenEmail}, may be null) takes over
     * again. {@code presenceAwareEmail} null leaves that choice as it is.
     */
    public Uni<Profile> set(String userId, String email, String tokenEmail, Boolean presenceAwareEmail) {
        String value = email != null ? email : tokenEmail;
        String source = email != null ? "user" : tokenEmail != null ? "token" : null;
        synced.remove(userId);
        return pool.preparedQuery("""
                        INSERT INTO notify.user_profiles (user_id, email, email_source, presence_aware_email)
                        VALUES ($1, $2, $3, coalesce($4, false))
                        ON CONFLICT (user_id) DO UPDATE
                           SET email = excluded.email, email_source = excluded.email_source,
                               presence_aware_email = coalesce($4, user_profiles.presence_aware_email),
                               updated_at = now()
                        RETURNING *""")
                .execute(Tuple.of(userId, value, source, presenceAwareEmail))
                .map(rows -> Profile.of(userId, rows));
    }

    /** Records the token's email claim unless the user set an address of their own; a no-op when nothing changed. */
    public Uni<Void> syncClaim(String userId, String tokenEmail) {
        if (tokenEmail == null || tokenEmail.isBlank() || tokenEmail.equals(synced.get(userId))) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        INSERT INTO notify.user_profiles (user_id, email, email_source) VALUES ($1, $2, 'token')
                        ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, email_source = 'token',
                                                            updated_at = now()
                         WHERE user_profiles.email_source IS DISTINCT FROM 'user'
                           AND user_profiles.email IS DISTINCT FROM excluded.email""")
                .execute(Tuple.of(userId, tokenEmail))
                .invoke(() -> synced.put(userId, tokenEmail))
                .replaceWithVoid();
    }
}
