package dev.jobhub.notify.webhook;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** The {@code webhook_endpoints} table, and each user's default secret ({@code webhook_user_secrets}). */
@ApplicationScoped
public class WebhookEndpoints {

    private static final String COLUMNS = """
            id, user_id, url, event_types, job_types, description, active, disabled_reason, rate_limit,
            failing_since, previous_secret_until, created_at, updated_at""";

    private static final String INSERT = "INSERT INTO notify.webhook_endpoints (id, user_id, url, event_types, "
            + "job_types, description, active, rate_limit, secret) "
            + "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 "
            // the per-user cap checked in the statement, so two concurrent creations cannot both pass it
            + "WHERE (SELECT count(*) FROM notify.webhook_endpoints WHERE user_id = $2) < $10 RETURNING " + COLUMNS;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM notify.webhook_endpoints WHERE id = $1";

    private static final String OF_USER = "SELECT " + COLUMNS
            + " FROM notify.webhook_endpoints WHERE user_id = $1 ORDER BY created_at, id";

    // switching an endpoint on again forgets why it was off and how long it had been failing
    private static final String UPDATE = "UPDATE notify.webhook_endpoints SET url = $2, event_types = $3, "
            + "job_types = $4, description = $5, active = $6, rate_limit = $7, updated_at = now(), "
            + "disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, "
            + "failing_since = CASE WHEN $6 AND NOT active THEN NULL ELSE failing_since END "
            + "WHERE id = $1 RETURNING " + COLUMNS;

    private static final String DELETE = "DELETE FROM notify.webhook_endpoints WHERE id = $1";

    private static final String ROTATE = "UPDATE notify.webhook_endpoints SET previous_secret = secret, "
            + "previous_secret_until = now() + $3::bigint * interval '1 millisecond', secret = $2, "
            + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;

    private static final String ACTIVE_OF_USERS = """
            SELECT id, user_id, event_types, job_types FROM notify.webhook_endpoints
             WHERE user_id = ANY($1::text[]) AND active
            """;

    private static final String USER_SECRET = """
            SELECT secret, previous_secret, previous_secret_until FROM notify.webhook_user_secrets WHERE user_id = $1
            """;

    private static final String ADD_USER_SECRETS = """
            INSERT INTO notify.webhook_user_secrets (user_id, secret)
            SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (user_id) DO NOTHING
            """;

    private static final String ROTATE_USER_SECRET = """
            UPDATE notify.webhook_user_secrets SET previous_secret = secret,
                   previous_secret_until = now() + $3::bigint * interval '1 millisecond', secret = $2,
                   updated_at = now()
             WHERE user_id = $1
            """;

    /** An active endpoint as the intake matches events against it. @param jobTypes null for all */
    record Subscription(UUID id, String userId, Set<String> eventTypes, Set<String> jobTypes) {

        boolean wants(WebhookEventType type, String jobType) {
            return eventTypes.contains(type.wireName()) && (jobTypes == null || jobTypes.contains(jobType));
        }
    }

    private final Pool pool;
    private final WebhookSecrets secrets;
    private final WebhookConfig config;

    public WebhookEndpoints(Pool pool, WebhookSecrets secrets, WebhookConfig config) {
        this.pool = pool;
        this.secrets = secrets;
        this.config = config;
    }

    /** A new endpoint of {@code userId}, with its secret shown this once. */
    public Uni<WebhookEndpoint> create(String userId, WebhookEndpointRequest.Valid request) {
        UUID id = UUID.randomUUID();
        WebhookSecrets.Made secret = secrets.forEndpoint(id);
        Tuple values = Tuple.of(id, userId, request.url().text(), request.eventTypes().toArray(String[]::new))
                .addValue(request.jobTypes() == null ? null : request.jobTypes().toArray(String[]::new))
                .addValue(request.description()).addValue(request.active()).addValue(request.rateLimit())
                .addValue(secret.sealed()).addValue(config.maxEndpointsPerUser());
        return pool.preparedQuery(INSERT).execute(values).map(rows -> {
            if (rows.size() == 0) {
                throw new ProblemException(Problem.of(409, "a user may have at most " + config.maxEndpointsPerUser()
                        + " webhook endpoints"));
            }
            return endpoint(rows.iterator().next()).withSecret(secret.plain());
        });
    }

    /** @throws ProblemException 404 (as the Uni's failure) if there is none */
    public Uni<WebhookEndpoint> get(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(WebhookEndpoints::onlyOrNotFound);
    }

    public Uni<List<WebhookEndpoint>> ofUser(String userId) {
        return pool.preparedQuery(OF_USER).execute(Tuple.of(userId)).map(rows -> map(rows, WebhookEndpoints::endpoint));
    }

    public Uni<WebhookEndpoint> update(UUID id, WebhookEndpointRequest.Valid request) {
        Tuple values = Tuple.of(id, request.url().text(), request.eventTypes().toArray(String[]::new))
                .addValue(request.jobTypes() == null ? null : request.jobTypes().toArray(String[]::new))
                .addValue(request.description()).addValue(request.active()).addValue(request.rateLimit());
        return pool.preparedQuery(UPDATE).execute(values).map(WebhookEndpoints::onlyOrNotFound);
    }

    public Uni<Void> delete(UUID id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(id)).replaceWithVoid();
    }

    /** A new secret, shown this once; the old one keeps signing for {@link WebhookConfig#secretGrace()}. */
    public Uni<WebhookEndpoint> rotate(UUID id) {
        WebhookSecrets.Made secret = secrets.forEndpoint(id);
        return pool.preparedQuery(ROTATE).execute(Tuple.of(id, secret.sealed(), config.secretGrace().toMillis()))
                .map(rows -> onlyOrNotFound(rows).withSecret(secret.plain()));
    }

    /** The active endpoints of these users, in the caller's transaction. */
    Uni<List<Subscription>> activeOf(SqlConnection connection, Collection<String> users) {
        return connection.preparedQuery(ACTIVE_OF_USERS).execute(Tuple.tuple().addValue(users.toArray(String[]::new)))
                .map(rows -> map(rows, row -> new Subscription(row.getUUID("id"), row.getString("user_id"),
                        Set.of(row.getArrayOfStrings("event_types")),
                        row.getArrayOfStrings("job_types") == null ? null
                                : Set.copyOf(Arrays.asList(row.getArrayOfStrings("job_types"))))));
    }

    /** Makes the default secrets of those of {@code users} who have none yet, in the caller's transaction. */
    Uni<Void> ensureUserSecrets(SqlConnection connection, Collection<String> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = users.toArray(String[]::new);
        String[] sealed = Arrays.stream(ids).map(user -> secrets.forUser(user).sealed()).toArray(String[]::new);
        return connection.preparedQuery(ADD_USER_SECRETS).execute(Tuple.of(ids, sealed)).replaceWithVoid();
    }

    /** The user's default secret in plain, made on first need. */
    public Uni<UserSecret> userSecret(String userId) {
        return pool.withTransaction(connection -> ensureUserSecrets(connection, List.of(userId))
                .chain(() -> connection.preparedQuery(USER_SECRET).execute(Tuple.of(userId))))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new UserSecret(secrets.openForUser(userId, row.getString("secret")),
                            instant(row.getOffsetDateTime("previous_secret_until")));
                });
    }

    /** A new default secret; the old one keeps signing for {@link WebhookConfig#secretGrace()}. */
    public Uni<UserSecret> rotateUserSecret(String userId) {
        WebhookSecrets.Made secret = secrets.forUser(userId);
        return pool.withTransaction(connection -> ensureUserSecrets(connection, List.of(userId))
                .chain(() -> connection.preparedQuery(ROTATE_USER_SECRET)
                        .execute(Tuple.of(userId, secret.sealed(), config.secretGrace().toMillis()))))
                .chain(() -> userSecret(userId));
    }

    /**
     * A user's default secret, which signs the per-job webhooks.
     *
     * @param previousSecretValidUntil until when the secret before the latest rotation still signs, if it does
     */
    public record UserSecret(String secret, Instant previousSecretValidUntil) {
    }

    private static WebhookEndpoint onlyOrNotFound(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw ProblemException.notFound("webhook");
        }
        return endpoint(rows.iterator().next());
    }

    private static WebhookEndpoint endpoint(Row row) {
        String[] jobTypes = row.getArrayOfStrings("job_types");
        return new WebhookEndpoint(row.getUUID("id"), row.getString("user_id"), row.getString("url"),
                List.of(row.getArrayOfStrings("event_types")), jobTypes == null ? null : List.of(jobTypes),
                row.getString("description"), row.getBoolean("active"), row.getString("disabled_reason"),
                row.getInteger("rate_limit"), instant(row.getOffsetDateTime("failing_since")),
                instant(row.getOffsetDateTime("previous_secret_until")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")), null);
    }

    static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
