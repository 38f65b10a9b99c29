package dev.jobhub.notify.inapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.NotificationRequest;
import dev.jobhub.support.problem.Problem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A system message or an invitation for some users or all, as {@code POST /api/notifications} or a
 * {@code notification.send} request on {@code notifications.requests} asks for it. One notification per recipient,
 * whose id is derived from the request's and the recipient's: a request sent twice notifies nobody twice.
 *
 * @param requestId the de-duplication key; a new one when the caller gives none
 * @param userIds the recipients, when not {@code all}
 * @param data what it is about; an invitation's {@code acceptUrl} (http or https) is required
 */
public record Announcement(UUID requestId, NotificationType type, String title, String message, ObjectNode data,
        List<String> userIds, boolean all) {

    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGE = 4000;
    static final int MAX_RECIPIENTS = 1000;
    static final int MAX_DATA_BYTES = 16 * 1024;

    /** The request body of {@code POST /api/notifications}. */
    public record Body(UUID requestId, String type, String title, String message, JsonNode data, List<String> userIds,
            Boolean all) {
    }

    public static Announcement of(NotificationRequest request, List<Problem.FieldError> errors) {
        return of(new Body(request.id(), request.notificationType(), request.title(), request.message(),
                request.data(), request.userIds(), request.all()), errors);
    }

    /** The announcement {@code body} asks for; what is wrong with it goes into {@code errors}, named by field. */
    public static Announcement of(Body body, List<Problem.FieldError> errors) {
        NotificationType type = NotificationType.fromWire(body.type()).orElse(null);
        if (type != NotificationType.SYSTEM && type != NotificationType.INVITATION) {
            errors.add(new Problem.FieldError("type", "must be system or invitation"));
        }
        if (body.title() == null || body.title().isBlank() || body.title().length() > MAX_TITLE) {
            errors.add(new Problem.FieldError("title", "is required, at most " + MAX_TITLE + " characters"));
        }
        if (body.message() != null && body.message().length() > MAX_MESSAGE) {
            errors.add(new Problem.FieldError("message", "must be at most " + MAX_MESSAGE + " characters"));
        }
        ObjectNode data = JobJsonCodec.mapper().createObjectNode();
        if (body.data() != null && !body.data().isNull()) {
            if (!body.data().isObject()) {
                errors.add(new Problem.FieldError("data", "must be a JSON object"));
            } else if (JobJsonCodec.toJson(body.data()).getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
                errors.add(new Problem.FieldError("data", "must be at most 16 KiB of JSON"));
            } else {
                data = (ObjectNode) body.data().deepCopy();
            }
        }
        if (type == NotificationType.INVITATION && !isWebLink(data.path("acceptUrl").asText(null))) {
            errors.add(new Problem.FieldError("data.acceptUrl", "an invitation needs an http or https accept link"));
        }
        boolean all = Boolean.TRUE.equals(body.all());
        List<String> userIds = new ArrayList<>(new LinkedHashSet<>(body.userIds() == null ? List.of() : body.userIds()));
        if (!all && userIds.isEmpty()) {
            errors.add(new Problem.FieldError("userIds", "name the recipients, or set all to true"));
        }
        if (userIds.size() > MAX_RECIPIENTS) {
            errors.add(new Problem.FieldError("userIds", "at most " + MAX_RECIPIENTS + " recipients; use all for "
                    + "everyone"));
        }
        if (userIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            errors.add(new Problem.FieldError("userIds", "must not contain empty ids"));
        }
        return new Announcement(body.requestId() != null ? body.requestId() : UUID.randomUUID(), type,
                body.title(), body.message(), data, all ? List.of() : userIds, all);
    }

    /** The notification of one recipient. */
    public NewNotification to(String userId) {
        UUID eventId = UUID.nameUUIDFromBytes(("announcement:" + requestId + ":" + userId)
                .getBytes(StandardCharsets.UTF_8));
        return new NewNotification(userId, type, title, message, null, null, eventId, data.deepCopy());
    }

    private static boolean isWebLink(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
