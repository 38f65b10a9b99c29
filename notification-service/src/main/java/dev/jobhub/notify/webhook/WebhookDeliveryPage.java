package dev.jobhub.notify.webhook;

import dev.jobhub.notify.inapp.NotificationPage;
import java.util.List;

/** One page of an endpoint's delivery log, newest first, paginated like the notification center. */
public record WebhookDeliveryPage(List<WebhookDelivery> data, NotificationPage.Pagination pagination) {
}
