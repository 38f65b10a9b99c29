package dev.jobhub.api.connection;

import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * A connection's schema cache: the latest snapshot the schema jobs stored, streamed out ({@code GET}, with an ETag
 * that is the snapshot's fingerprint) or deleted. Blocking: the decisions before the stream (404, 304, the headers)
 * are made here, on a worker thread, before the body is streamed page by page.
 */
@Path("/api/connections/{id}/schema-cache")
@Authenticated
@Blocking
public class SchemaCacheResource {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SchemaCache cache;
    private final Pool pool;
    private final CurrentUser user;

    public SchemaCacheResource(SchemaCache cache, Pool pool, CurrentUser user) {
        this.cache = cache;
        this.pool = pool;
        this.user = user;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestMulti<byte[]> get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        UUID connectionId = visible(id);
        SchemaCache.Read read = cache.open(connectionId).await().atMost(WAIT);
        if (read == null) {
            throw noCache(connectionId);
        }
        String etag = "\"" + read.head().fingerprint() + "\"";
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                read.head().generatedAt().atOffset(ZoneOffset.UTC));
        if (matches(ifNoneMatch, etag)) {
            read.close().await().atMost(WAIT);
            return RestMulti.fromMultiData(io.smallrye.mutiny.Multi.createFrom().<byte[]>empty())
                    .status(Response.Status.NOT_MODIFIED.getStatusCode())
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.LAST_MODIFIED, lastModified)
                    .encodeAsJsonArray(false)
                    .build();
        }
        return RestMulti.fromMultiData(read.body())
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.LAST_MODIFIED, lastModified)
                .encodeAsJsonArray(false)
                .build();
    }

    @DELETE
    public Response delete(@PathParam("id") String id) {
        UUID connectionId = visible(id);
        if (!cache.delete(connectionId).await().atMost(WAIT)) {
            throw noCache(connectionId);
        }
        return Response.noContent().build();
    }

    /** The connection's id if the caller may see it; another user's connection answers like a missing one. */
    private UUID visible(String id) {
        UUID connectionId = ConnectionResource.parseId(id);
        String owner = pool.preparedQuery("SELECT user_id FROM connections WHERE id = $1")
                .execute(Tuple.of(connectionId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("user_id"))
                .await().atMost(WAIT);
        if (owner == null || !user.canSee(owner)) {
            throw ProblemException.notFound("connection " + id);
        }
        return connectionId;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }

    private static ProblemException noCache(UUID connectionId) {
        return ProblemException.notFound("no schema cache yet for connection " + connectionId
                + " (POST /api/connections/" + connectionId + "/rebuild makes one)");
    }
}
