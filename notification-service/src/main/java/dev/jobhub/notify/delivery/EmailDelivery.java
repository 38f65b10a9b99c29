package dev.jobhub.notify.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class EmailDelivery {
    public Uni<Void> enqueueWithin(SqlConnection connection, List<DeliveryPlan.ImmediateEmail> emails) {
        return Uni.createFrom().voidItem();
    }
}
