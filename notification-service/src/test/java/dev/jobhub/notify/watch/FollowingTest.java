package dev.jobhub.notify.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.notify.inapp.NewNotification;
import dev.jobhub.notify.inapp.NotificationType;
import dev.jobhub.notify.stream.StreamMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each watcher gets of a poll: copies with ids of their own, the same on every redelivery. */
class FollowingTest {

    private final UUID job = UUID.randomUUID();
    private final Following following = new Following(Map.of(job, List.of("bob", "carol", "alice")));

    private StreamMessage event(UUID jobId, String payload) {
        return new StreamMessage(UUID.randomUUID(), "alice", jobId, "job.progress", payload);
    }

    @Test
    void eachWatcherButTheOwnerGetsACopyOfEachEventOfTheJobWithAnIdOfItsOwn() {
        StreamMessage watched = event(job, "{\"type\":\"job.progress\",\"id\":\"x\",\"jobId\":\"" + job + "\"}");
        StreamMessage other = event(UUID.randomUUID(), "{\"type\":\"job.progress\"}");

        List<StreamMessage> all = following.withCopies(List.of(watched, other));

        assertThat(all).hasSize(4).startsWith(watched, other);
        assertThat(all.subList(2, 4)).extracting(StreamMessage::userId).containsExactly("bob", "carol");
        assertThat(all.subList(2, 4)).allSatisfy(copy -> {
            JsonNode json = JobJsonCodec.fromJson(copy.payload(), JsonNode.class);
            assertThat(copy.id()).isEqualTo(Following.idFor(watched.id(), copy.userId()));
            assertThat(json.get("id").asText()).isEqualTo(copy.id().toString());
            assertThat(json.get("eventId").asText()).isEqualTo(watched.id().toString());
            assertThat(json.get("watching").asBoolean()).isTrue();
            assertThat(json.get("jobId").asText()).isEqualTo(job.toString());
            // not the job's: an admin subscribed to the job gets the owner's message only
            assertThat(copy.jobId()).isNull();
            assertThat(copy.type()).isEqualTo("job.progress");
        });
        assertThat(Following.idFor(watched.id(), "bob")).isEqualTo(Following.idFor(watched.id(), "bob"))
                .isNotEqualTo(Following.idFor(watched.id(), "carol"));
    }

    @Test
    void aValueThatIsNotAJsonObjectGoesToItsOwnerOnly() {
        StreamMessage odd = event(job, "[1,2]");

        assertThat(following.withCopies(List.of(odd))).containsExactly(odd);
    }

    @Test
    void eachWatcherGetsTheOwnersNotificationAsAWatchedJobWithAnEventIdOfItsOwn() {
        NewNotification owners = new NewNotification("alice", NotificationType.JOB_COMPLETED,
                "Schema rebuild completed: 15 tables", "15 tables in 2 schemas.", job, "schema.rebuild",
                UUID.randomUUID(), JobJsonCodec.mapper().createObjectNode().put("jobId", job.toString()));

        List<NewNotification> all = following.withNotifications(List.of(owners));

        assertThat(all).hasSize(3).startsWith(owners);
        assertThat(owners.data().has("watching")).isFalse();
        assertThat(all.subList(1, 3)).allSatisfy(copy -> {
            assertThat(copy.title()).isEqualTo(owners.title());
            assertThat(copy.message()).isEqualTo(owners.message());
            assertThat(copy.type()).isEqualTo(NotificationType.JOB_COMPLETED);
            assertThat(copy.eventId()).isEqualTo(Following.idFor(owners.eventId(), copy.userId()));
            assertThat(copy.data().get("watching").asBoolean()).isTrue();
            assertThat(copy.data().get("ownerId").asText()).isEqualTo("alice");
            assertThat(copy.data().get("jobId").asText()).isEqualTo(job.toString());
        });
    }

    @Test
    void nobodyFollowingChangesNothing() {
        List<StreamMessage> live = List.of(event(job, "{}"));

        assertThat(Following.NOBODY.withCopies(live)).isSameAs(live);
        assertThat(Following.NOBODY.withNotifications(List.of())).isEmpty();
    }
}
