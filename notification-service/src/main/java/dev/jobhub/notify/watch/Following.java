package dev.jobhub.notify.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.inapp.NewNotification;
import dev.jobhub.notify.stream.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Who follows the jobs of one poll besides their owners, and what each of them gets: a copy of every event of the
 * job in their own live stream, and a notification of their own when the owner gets one. A copy's id is derived
 * from the event's id and the watcher ({@link #idFor}), so a redelivered event makes the same ids, which the stream
 * and the notifications store once each, as they do the owner's.
 *
 * @param watchers the followers of each followed job, in the order they were added
 */
public record Following(Map<UUID, List<String>> watchers) {

    public static final Following NOBODY = new Following(Map.of());

    public Following {
        watchers = Map.copyOf(watchers);
    }

    /** The id of what {@code watcher} gets of the event {@code eventId}: the same for every redelivery. */
    public static UUID idFor(UUID eventId, String watcher) {
        return UUID.nameUUIDFromBytes(("watching:" + eventId + ":" + watcher).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code live} followed by each watcher's copy of its job messages, in their order. A copy carries its own
     * {@code id} (the one a client resumes from), the event's as {@code eventId}, and {@code watching: true}. It is
     * not marked with its job: an admin subscribed to the job receives the owner's message, not every copy of it.
     */
    public List<StreamMessage> withCopies(List<StreamMessage> live) {
        return withFollowers(live, StreamMessage::jobId, (message, followers) -> {
            JsonNode event = readObject(message.payload());
            if (event == null) {
                return List.of();
            }
            List<StreamMessage> copies = new ArrayList<>(followers.size());
            for (String watcher : others(followers, message.userId())) {
                UUID id = idFor(message.id(), watcher);
                ObjectNode copy = event.deepCopy();
                copy.put("id", id.toString());
                copy.put("eventId", message.id().toString());
                copy.put("watching", true);
                copies.add(new StreamMessage(id, watcher, null, message.type(), JobJsonCodec.toJson(copy)));
            }
            return copies;
        });
    }

    /**
     * {@code owners} followed by each watcher's notification of the same job, told as a watched job: the owner's
     * title and message, {@code data.watching: true} and {@code data.ownerId}.
     */
    public List<NewNotification> withNotifications(List<NewNotification> owners) {
        return withFollowers(owners, NewNotification::jobId, (owner, followers) -> {
            List<NewNotification> copies = new ArrayList<>(followers.size());
            for (String watcher : others(followers, owner.userId())) {
                ObjectNode data = owner.data() == null ? JobJsonCodec.mapper().createObjectNode()
                        : owner.data().deepCopy();
                data.put("watching", true);
                data.put("ownerId", owner.userId());
                copies.add(new NewNotification(watcher, owner.type(), owner.title(), owner.message(), owner.jobId(),
                        owner.jobType(), idFor(owner.eventId(), watcher), data));
            }
            return copies;
        });
    }

    /** {@code items}, then what {@code copies} makes of each item of a followed job for its followers. */
    private <T> List<T> withFollowers(List<T> items, Function<T, UUID> jobOf,
            BiFunction<T, List<String>, List<T>> copies) {
        if (watchers.isEmpty()) {
            return items;
        }
        List<T> all = new ArrayList<>(items);
        for (T item : items) {
            UUID job = jobOf.apply(item);
            List<String> followers = job == null ? null : watchers.get(job);
            if (followers != null) {
                all.addAll(copies.apply(item, followers));
            }
        }
        return all;
    }

    /** The followers but the owner, who has the original already (api-service never lists the owner; be sure). */
    private static List<String> others(List<String> followers, String owner) {
        return followers.stream().filter(watcher -> !watcher.equals(owner)).toList();
    }

    /** The event as a JSON object, or null for a value that is not one (it is sent to its owner as it is). */
    private static JsonNode readObject(String payload) {
        try {
            JsonNode node = JobJsonCodec.mapper().readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
