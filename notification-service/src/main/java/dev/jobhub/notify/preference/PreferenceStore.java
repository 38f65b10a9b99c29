package dev.jobhub.notify.preference;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code notification_preferences} and {@code notification_types} tables. A user's rows are created with the
 * defaults the first time they are read or changed, one per type and channel; until then the defaults apply
 * (enabled, immediate), which is also what {@link #choicesWithin} reports for a missing row.
 */
@ApplicationScoped
public class PreferenceStore {

    private static final String ENSURE_DEFAULTS = """
            INSERT INTO notify.notification_preferences (id, user_id, type, channel)
            SELECT gen_random_uuid(), $1, t.type, c.channel
              FROM notify.notification_types t CROSS JOIN unnest(ARRAY['in_app', 'email']) AS c(channel)
            ON CONFLICT ON CONSTRAINT notification_preferences_choice DO NOTHING
            """;
    private static final String LIST = "SELECT " + Preference.COLUMNS + """
             FROM notify.notification_preferences p JOIN notify.notification_types t USING (type)
            WHERE p.user_id = $1
            ORDER BY p.type, p.channel
            """;
    private static final String LOCK_ONE = "SELECT " + Preference.COLUMNS + """
             FROM notify.notification_preferences p JOIN notify.notification_types t USING (type)
            WHERE p.user_id = $1 AND p.id = $2
              FOR UPDATE OF p
            """;
    private static final String LOCK_ALL = LIST.replace("ORDER BY p.type, p.channel", "FOR UPDATE OF p");
    private static final String UPDATE = """
            UPDATE notify.notification_preferences
               SET enabled = coalesce($2, enabled), digest = coalesce($3, digest),
                   digest_hour = coalesce($4, digest_hour), digest_weekday = coalesce($5, digest_weekday),
                   timezone = coalesce($6, timezone), updated_at = now()
             WHERE id = $1
            """;

    /** Where each user's email goes, and whether it waits now because they are online and chose so. */
    private static final String PROFILES = """
            SELECT p.user_id, p.email,
                   p.presence_aware_email AND EXISTS (
                       SELECT 1 FROM notify.presence s
                        WHERE s.user_id = p.user_id AND s.seen_at > now() - $2::bigint * interval '1 millisecond')
                       AS hold_email
              FROM notify.user_profiles p WHERE p.user_id = ANY($1)""";

    private final Pool pool;

    private final PresenceConfig presence;

    public PreferenceStore(Pool pool, PresenceConfig presence) {
        this.pool = pool;
        this.presence = presence;
    }

    /** Every preference of the user, one per type and channel, created with the defaults on first use. */
    public Uni<List<Preference>> list(String userId) {
        return pool.withTransaction(connection -> ensureDefaults(connection, userId)
                .chain(() -> connection.preparedQuery(LIST).execute(Tuple.of(userId)))
                .map(PreferenceStore::preferences));
    }

    /** @throws ProblemException 404 for a preference that is not the user's; 400 for a change it refuses */
    public Uni<Preference> update(String userId, UUID id, PreferenceChange change) {
        return pool.withTransaction(connection -> ensureDefaults(connection, userId)
                .chain(() -> connection.preparedQuery(LOCK_ONE).execute(Tuple.of(userId, id)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("preference " + id);
                    }
                    Preference stored = Preference.of(rows.iterator().next());
                    List<Problem.FieldError> errors = new ArrayList<>();
                    change.validate("", Channel.parse(stored.channel(), "channel"), stored.critical(), errors);
                    PreferenceChange.throwIfAny(errors);
                    return apply(connection, id, change)
                            .chain(() -> connection.preparedQuery(LOCK_ONE).execute(Tuple.of(userId, id)))
                            .map(updated -> Preference.of(updated.iterator().next()));
                }));
    }

    /**
     * Applies every change of a bulk PUT, all or none: each names its preference by {@code type} and
     * {@code channel}; one wrong change refuses the whole body, with every error named.
     */
    public Uni<List<Preference>> updateAll(String userId, List<PreferenceChange> changes) {
        return pool.withTransaction(connection -> ensureDefaults(connection, userId)
                .chain(() -> connection.preparedQuery(LOCK_ALL).execute(Tuple.of(userId)))
                .chain(rows -> {
                    Map<String, Preference> byKey = new HashMap<>();
                    for (Preference preference : preferences(rows)) {
                        byKey.put(preference.type() + "/" + preference.channel(), preference);
                    }
                    List<Problem.FieldError> errors = new ArrayList<>();
                    List<UUID> targets = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < changes.size(); i++) {
                        String prefix = "preferences[" + i + "].";
                        PreferenceChange change = changes.get(i);
                        if (change == null || change.type() == null || change.channel() == null) {
                            errors.add(new Problem.FieldError(prefix + "type", "type and channel are required"));
                            continue;
                        }
                        Preference stored = byKey.get(change.type() + "/" + change.channel());
                        if (stored == null) {
                            errors.add(new Problem.FieldError(prefix + "type", "no such type and channel: "
                                    + change.type() + "/" + change.channel()));
                            continue;
                        }
                        if (!seen.add(change.type() + "/" + change.channel())) {
                            errors.add(new Problem.FieldError(prefix + "type", "named twice"));
                        }
                        change.validate(prefix, Channel.parse(stored.channel(), "channel"), stored.critical(), errors);
                        targets.add(stored.id());
                    }
                    PreferenceChange.throwIfAny(errors);
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (int i = 0; i < changes.size(); i++) {
                        UUID target = targets.get(i);
                        PreferenceChange change = changes.get(i);
                        all = all.chain(() -> apply(connection, target, change));
                    }
                    return all.chain(() -> connection.preparedQuery(LIST).execute(Tuple.of(userId)))
                            .map(PreferenceStore::preferences);
                }));
    }

    /**
     * What the users of a batch of notifications chose, read on the caller's connection (in its transaction): their
     * preference rows, the critical types, and their email addresses.
     */
    public Uni<Choices> choicesWithin(SqlConnection connection, Set<String> userIds) {
        String[] users = userIds.toArray(String[]::new);
        // sent together: the connection pipelines them, so the three reads cost one round trip on the store path
        return Uni.combine().all().unis(
                connection.preparedQuery("""
                        SELECT user_id, type, channel, enabled, digest, digest_hour, digest_weekday, timezone
                          FROM notify.notification_preferences WHERE user_id = ANY($1)""").execute(Tuple.of(users)),
                connection.query("SELECT type FROM notify.notification_types WHERE critical").execute(),
                connection.preparedQuery(PROFILES).execute(Tuple.of(users, presence.staleAfter().toMillis())))
                .with(Choices::of);
    }

    private static Uni<Void> ensureDefaults(SqlConnection connection, String userId) {
        return connection.preparedQuery(ENSURE_DEFAULTS).execute(Tuple.of(userId)).replaceWithVoid();
    }

    private static Uni<Void> apply(SqlConnection connection, UUID id, PreferenceChange change) {
        return connection.preparedQuery(UPDATE)
                .execute(Tuple.tuple().addValue(id).addValue(change.enabled()).addValue(change.digest())
                        .addValue(change.digestHour() == null ? null : change.digestHour().shortValue())
                        .addValue(change.digestWeekday() == null ? null : change.digestWeekday().shortValue())
                        .addValue(change.timezone()))
                .replaceWithVoid();
    }

    private static List<Preference> preferences(Iterable<Row> rows) {
        List<Preference> preferences = new ArrayList<>();
        rows.forEach(row -> preferences.add(Preference.of(row)));
        return preferences;
    }
}
