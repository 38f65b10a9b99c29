package dev.jobhub.notify.delivery;

import dev.jobhub.notify.delivery.DeliveryStore.DueDigest;
import dev.jobhub.notify.email.DigestEmail;
import dev.jobhub.notify.email.EmailTemplates;
import dev.jobhub.notify.email.NotificationEmail;
import dev.jobhub.notify.inapp.NotificationWriter;
import dev.jobhub.notify.inapp.NotificationWriter.Stored;
import dev.jobhub.notify.preference.PreferenceStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes the digests that are due: every delivery held for one user's digest of one period goes into one email.
 * Each round locks the due deliveries ({@code FOR UPDATE SKIP LOCKED}: two instances never take the same ones) and,
 * in the same transaction, puts each digest in the email outbox under an id derived from its user, frequency and due
 * time, and points the deliveries at it. So a digest is made once, whatever restarts: nothing is held in memory
 * between rounds, a crash before the commit leaves the deliveries due for the next round, and one after leaves them
 * attached to their email, which the outbox sends.
 */
@ApplicationScoped
public class DigestSender {

    /** Users whose digests one round makes. */
    private static final int USERS_PER_ROUND = 100;

    private final Pool pool;
    private final DeliveryStore deliveries;
    private final NotificationWriter notifications;
    private final PreferenceStore preferences;
    private final EmailTemplates templates;
    private final EmailDelivery emails;

    public DigestSender(Pool pool, DeliveryStore deliveries, NotificationWriter notifications,
            PreferenceStore preferences, EmailTemplates templates, EmailDelivery emails) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.preferences = preferences;
        this.templates = templates;
        this.emails = emails;
    }

    @Scheduled(every = "${jobhub.notify.digest.poll-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sendDue() {
        return sendDueNow()
                .invoke(made -> {
                    if (made > 0) {
                        Log.debugf("made %d digest emails", made);
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("cannot make digests now, trying at the next round: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One round: @return how many digest emails it made */
    public Uni<Integer> sendDueNow() {
        return pool.withTransaction(connection -> deliveries.lockDueDigestsWithin(connection, USERS_PER_ROUND)
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(0) : make(connection, due)));
    }

    private Uni<Integer> make(SqlConnection connection, List<DueDigest> due) {
        Set<String> users = due.stream().map(DueDigest::userId).collect(Collectors.toSet());
        return preferences.choicesWithin(connection, users)
                .chain(choices -> notifications.byIdsWithin(connection,
                                due.stream().map(DueDigest::notificationId).toList())
                        .chain(stored -> {
                            Map<UUID, Stored> byId = stored.stream()
                                    .collect(Collectors.toMap(Stored::id, Function.identity()));
                            Map<String, List<DueDigest>> byDigest = new LinkedHashMap<>();
                            due.forEach(d -> byDigest.computeIfAbsent(d.userId() + '|' + d.digest() + '|' + d.dueAt(),
                                    key -> new ArrayList<>()).add(d));
                            Uni<Integer> made = Uni.createFrom().item(0);
                            for (List<DueDigest> digest : byDigest.values()) {
                                String address = choices.email(digest.get(0).userId());
                                made = made.chain(count -> one(connection, digest, byId, address)
                                        .map(sent -> count + (sent ? 1 : 0)));
                            }
                            return made;
                        }));
    }

    private Uni<Boolean> one(SqlConnection connection, List<DueDigest> digest, Map<UUID, Stored> byId,
            String address) {
        List<UUID> ids = digest.stream().map(DueDigest::id).toList();
        if (address == null) {
            return deliveries.skipWithin(connection, ids, DeliveryPlan.NO_ADDRESS).replaceWith(false);
        }
        DueDigest first = digest.get(0);
        List<NotificationEmail> items = digest.stream().map(d -> byId.get(d.notificationId()))
                .filter(Objects::nonNull)
                .map(n -> NotificationEmail.of(n.id(), n.type(), n.title(), n.message(), n.createdAt(), n.data()))
                .toList();
        UUID emailId = digestIdOf(first.userId(), first.digest(), first.dueAt());
        return emails.enqueueDigestWithin(connection, emailId, first.userId(), address,
                        templates.digest(new DigestEmail(first.digest() + " digest", items)))
                .chain(() -> deliveries.attachEmailWithin(connection, ids, emailId))
                .replaceWith(true);
    }

    /** One user's digest of one period has one id: made twice, it is one email. */
    static UUID digestIdOf(String userId, String digest, Instant dueAt) {
        return UUID.nameUUIDFromBytes(("digest:" + userId + ":" + digest + ":" + dueAt)
                .getBytes(StandardCharsets.UTF_8));
    }
}
