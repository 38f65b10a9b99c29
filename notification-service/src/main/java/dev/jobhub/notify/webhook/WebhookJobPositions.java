package dev.jobhub.notify.webhook;

import dev.jobhub.notify.inapp.JobPositions;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Where each job stands as far as the webhook intake has seen ({@code webhook_job_positions}), by the same ordering
 * rule and statements as the store path's positions, in a table of its own: the two consumer groups read the same
 * events at their own pace and must not move each other's positions. A singleton: a normal-scoped bean would need a
 * client proxy, and so a no-argument constructor the positions class does not have.
 */
@Singleton
@Typed(WebhookJobPositions.class)
public class WebhookJobPositions extends JobPositions {

    public WebhookJobPositions(Pool pool) {
        super(pool, "notify.webhook_job_positions");
    }
}
