package dev.jobhub.notify.webhook;

import dev.jobhub.notify.inapp.PageRequest;
import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.problem.WireValues;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The caller's webhook endpoints, their secrets, tests and delivery logs, and the caller's default secret (which
 * signs the per-job webhooks). Another user's endpoint answers 404, exactly like a missing one; admins may act on
 * any endpoint by its id. Bodies are read as JSON whatever they are labelled (no {@code @Consumes}), so that a caller
 * without a token gets 401 rather than a 415 decided before authentication.
 */
@Path("/api/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final WebhookEgress egress;
    private final WebhookConfig config;
    private final CurrentUser user;

    public WebhookResource(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookDispatcher dispatcher,
            WebhookEgress egress, WebhookConfig config, CurrentUser user) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.egress = egress;
        this.config = config;
        this.user = user;
    }

    /**
     * {@code {url, eventTypes: [progress|completed|failed|cancelled|all], jobTypes?, description?, active?,
     * rateLimit?}} → 201 with the endpoint and its signing secret, shown this once.
     */
    @POST
    public Uni<Response> create(String body) {
        WebhookEndpointRequest.Valid request = read(body);
        String userId = user.id();
        return egress.checkForRegistration(request.url(), "url")
                .chain(() -> endpoints.create(userId, request))
                .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
    }

    @GET
    public Uni<List<WebhookEndpoint>> list() {
        return endpoints.ofUser(user.id());
    }

    @GET
    @Path("{id}")
    public Uni<WebhookEndpoint> get(@RestPath String id) {
        return owned(id);
    }

    /** The whole endpoint, as for creation; switching it on again clears why it was switched off. */
    @PUT
    @Path("{id}")
    public Uni<WebhookEndpoint> update(@RestPath String id, String body) {
        WebhookEndpointRequest.Valid request = read(body);
        return owned(id).call(found -> egress.checkForRegistration(request.url(), "url"))
                .chain(found -> endpoints.update(found.id(), request));
    }

    /** 204; its deliveries and their log go with it. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@RestPath String id) {
        return owned(id).chain(found -> endpoints.delete(found.id())).map(nothing -> Response.noContent().build());
    }

    /** A new secret, shown this once; the old one keeps signing (a second signature) for the grace period. */
    @POST
    @Path("{id}/rotate-secret")
    public Uni<WebhookEndpoint> rotateSecret(@RestPath String id) {
        return owned(id).chain(found -> endpoints.rotate(found.id()));
    }

    /** Sends a {@code ping} now: the delivery, with the receiver's status and answer (or why there was none). */
    @POST
    @Path("{id}/test")
    public Uni<WebhookDelivery> test(@RestPath String id) {
        return owned(id).chain(dispatcher::ping);
    }

    /** {@code ?page=1&limit=20&status=pending|succeeded|failed}, newest first, each with its attempts. */
    @GET
    @Path("{id}/deliveries")
    public Uni<WebhookDeliveryPage> deliveries(@RestPath String id, @RestQuery String page,
            @RestQuery String limit, @RestQuery String status) {
        int pageNumber = PageRequest.integer("page", page, 1, 1, Integer.MAX_VALUE);
        int pageSize = PageRequest.integer("limit", limit, PageRequest.DEFAULT_LIMIT, 1, PageRequest.MAX_LIMIT);
        String filter = status == null || status.isBlank() ? null : status(status.trim());
        return owned(id).chain(found -> deliveries.page(found.id(), filter, pageNumber, pageSize));
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    public Uni<WebhookDelivery> delivery(@RestPath String id, @RestPath String deliveryId) {
        UUID delivery = uuidOrNotFound(deliveryId, "delivery");
        return owned(id).chain(found -> deliveries.get(found.id(), delivery));
    }

    /** 202: the delivery is due again at once, with the same webhook-id and a fresh retry schedule. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    public Uni<Response> redeliver(@RestPath String id, @RestPath String deliveryId) {
        UUID delivery = uuidOrNotFound(deliveryId, "delivery");
        return owned(id).chain(found -> deliveries.redeliver(found.id(), delivery))
                .map(again -> Response.accepted(again).build());
    }

    /** {@code {since}} (an ISO-8601 instant) → 202 {@code {recovered}}: every failed delivery since then, again. */
    @POST
    @Path("{id}/recover")
    public Uni<Response> recover(@RestPath String id, String body) {
        RecoverRequest request = RequestBodies.read(body, RecoverRequest.class);
        Instant since = WireValues.instant(request.since(), "since");
        return owned(id).chain(found -> deliveries.recover(found.id(), since))
                .map(count -> Response.accepted(new Recovered(count)).build());
    }

    record RecoverRequest(String since) {
    }

    /** @param recovered how many failed deliveries are due again */
    public record Recovered(int recovered) {
    }

    /** The caller's default secret, which signs the webhooks of jobs submitted with a webhookUrl; made on first use. */
    @GET
    @Path("default-secret")
    public Uni<WebhookEndpoints.UserSecret> defaultSecret() {
        return endpoints.userSecret(user.id());
    }

    /** A new default secret; the old one keeps signing (a second signature) for the grace period. */
    @POST
    @Path("default-secret/rotate")
    public Uni<WebhookEndpoints.UserSecret> rotateDefaultSecret() {
        return endpoints.rotateUserSecret(user.id());
    }

    private WebhookEndpointRequest.Valid read(String body) {
        return RequestBodies.read(body, WebhookEndpointRequest.class).validate(config.maxRateLimit());
    }

    /** The endpoint if the caller may see it; 404 otherwise, as if it did not exist. */
    private Uni<WebhookEndpoint> owned(String id) {
        UUID endpointId = uuidOrNotFound(id, "webhook");
        boolean admin = user.isAdmin();
        String userId = user.id();
        return endpoints.get(endpointId).map(found -> {
            if (!admin && !found.userId().equals(userId)) {
                throw ProblemException.notFound("webhook");
            }
            return found;
        });
    }

    private static String status(String value) {
        if (!WebhookDelivery.STATUSES.contains(value)) {
            throw ProblemException.badRequest("status must be one of " + String.join(", ", WebhookDelivery.STATUSES)
                    + ", got '" + value + "'", "status");
        }
        return value;
    }

    private static UUID uuidOrNotFound(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what);
        }
    }
}
