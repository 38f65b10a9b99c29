package dev.jobhub.stack.bench;

import dev.jobhub.model.JobJsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * W7's endpoints, managed through the public API ({@code /api/webhooks} through api-service's gateway), each as
 * the user who owns it: registration (the answer's secret goes to the receiver), a change of the event types
 * subscribed, and deletion at the end, so that the workloads after W7 send no webhooks.
 */
final class WebhookEndpoints implements AutoCloseable {

    /**
     * The most deliveries per second an endpoint may ask for: the notifier's {@code WEBHOOK_MAX_RATE_LIMIT}
     * default. W7 asks for it so that the figure is the dispatcher's pace, not a token bucket's.
     */
    static final int RATE_LIMIT = 1000;

    /** One endpoint: its number at the receiver, its id at the notifier and its owner. */
    record Endpoint(int number, String id, BenchClient owner) {
    }

    private final WebhookReceiver receiver;
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

    WebhookEndpoints(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /** Registers endpoint {@code number} for {@code owner}, at the receiver's path for it. */
    Endpoint register(int number, BenchClient owner, List<String> eventTypes) {
        BenchClient.Answer answer = owner.call("POST", "/api/webhooks", body(number, eventTypes));
        if (answer.status() != 201 || answer.json() == null || !answer.json().hasNonNull("secret")) {
            throw new IllegalStateException("POST /api/webhooks answered " + answer.status() + ": " + answer.json());
        }
        receiver.secret(number, answer.json().get("secret").asText());
        Endpoint endpoint = new Endpoint(number, answer.json().path("id").asText(), owner);
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Subscribes every endpoint to these event types instead ({@code PUT} of the whole endpoint). */
    void subscribe(List<String> eventTypes) {
        for (Endpoint endpoint : endpoints) {
            BenchClient.Answer answer = endpoint.owner().call("PUT", "/api/webhooks/" + endpoint.id(),
                    body(endpoint.number(), eventTypes));
            if (answer.status() != 200) {
                throw new IllegalStateException("PUT /api/webhooks/" + endpoint.id() + " answered "
                        + answer.status() + ": " + answer.json());
            }
        }
    }

    List<Endpoint> all() {
        return List.copyOf(endpoints);
    }

    private String body(int number, List<String> eventTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", receiver.url(number));
        body.put("eventTypes", eventTypes);
        body.put("description", "bench W7 endpoint " + number);
        body.put("rateLimit", RATE_LIMIT);
        return JobJsonCodec.toJson(body);
    }

    /** Deletes every endpoint registered; returns those that could not be deleted, as {@code id: status}. */
    List<String> deleteAll() {
        List<String> left = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            try {
                BenchClient.Answer answer = endpoint.owner().call("DELETE", "/api/webhooks/" + endpoint.id(), null);
                if (answer.status() != 204 && answer.status() != 404) {
                    left.add(endpoint.id() + ": " + answer.status());
                }
            } catch (IllegalStateException e) {
                left.add(endpoint.id() + ": " + e.getMessage());
            }
        }
        endpoints.clear();
        return left;
    }

    @Override
    public void close() {
        List<String> left = deleteAll();
        if (!left.isEmpty()) {
            System.out.println("  ! W7: endpoints not deleted: " + left);
        }
    }
}
