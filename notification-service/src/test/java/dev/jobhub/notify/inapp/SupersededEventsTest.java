package dev.jobhub.notify.inapp;

import static dev.jobhub.notify.TestJobs.jobOf;
import static dev.jobhub.notify.TestJobs.send;
import static dev.jobhub.notify.TestJobs.someUser;
import static dev.jobhub.notify.inapp.NotificationResourceTest.awaitTotal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.CloudEventHeaders;
import dev.jobhub.model.JobEvent;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.testing.RealInfraResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only the final event of a job's latest attempt becomes a notification (the ordering rule,
 * dev.jobhub.model.EventOrder): the duplicates and late events of a faulty run never tell the user twice, or tell a
 * wrong outcome. A test that expects nothing more ends with a marker job on the job's partition: once the marker is
 * told, every event sent before it has been processed.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SupersededEventsTest {

    @Inject
    MeterRegistry meters;

    @Test
    void aDuplicateRunOfTheSameAttemptCompletesOnce() {
        String alice = someUser("alice");
        TestJobs job = jobOf(alice);
        TestJobs again = job.duplicateRun();

        send(job.started());
        JobEvent first = send(job.completed());
        // the command was delivered again and run again: the same attempt, new event ids
        send(again.started());
        JobEvent second = send(again.completed());
        assertThat(second.id()).isNotEqualTo(first.id());

        JsonPath inbox = markerToldAfter(job, 2);
        assertThat(inbox.getString("data[1].jobId")).isEqualTo(job.id().toString());
        assertThat(inbox.getString("data[1].type")).isEqualTo("job_completed");
    }

    @Test
    void theCompletionOfASupersededAttemptIsNotTold() {
        String bob = someUser("bob");
        TestJobs first = jobOf(bob);
        send(first.started());
        JobEvent late = first.completed();
        // the first worker looked dead: attempt 2 was dispatched and started; then attempt 1's completion arrives
        TestJobs second = first.nextAttempt();
        send(second.queued());
        send(second.started());
        send(late);
        // the last event of the job, told: everything before it has been processed
        send(second.failed("attempt 2 failed for good"));

        JsonPath inbox = awaitTotal(bob, 1);
        assertThat(inbox.getString("data[0].type")).isEqualTo("job_failed");
        assertThat(inbox.getInt("data[0].data.attempt")).isEqualTo(2);
    }

    @Test
    void aManualRetryOfAFailedJobIsToldAgain() {
        String carol = someUser("carol");
        TestJobs job = jobOf(carol);
        send(job.started());
        send(job.failed("first try"));
        awaitTotal(carol, 1);

        TestJobs retried = job.nextAttempt();
        send(retried.queued());
        send(retried.started());
        send(retried.completed());

        JsonPath inbox = awaitTotal(carol, 2);
        assertThat(inbox.getList("data.type", String.class)).containsExactly("job_completed", "job_failed");
        assertThat(inbox.getInt("data[0].data.attempt")).isEqualTo(2);
    }

    @Test
    void nothingOfTheAttemptIsToldAfterItsCancellation() {
        String dave = someUser("dave");
        TestJobs job = jobOf(dave);
        send(job.started());
        send(job.cancelled());
        // the worker did not see the cancellation in time: its completion comes after it, with a newer sequence
        send(job.completed());

        JsonPath inbox = markerToldAfter(job, 2);
        assertThat(inbox.getString("data[1].jobId")).isEqualTo(job.id().toString());
        assertThat(inbox.getString("data[1].type")).as("the cancellation, not the late completion")
                .isEqualTo("job_cancelled");
    }

    @Test
    void progressIsNotDecodedOnTheStorePath() {
        String erin = someUser("erin");
        TestJobs job = jobOf(erin);
        double malformedBefore = malformed();

        // a value no decoder would take: its headers alone say it is progress, which the store path passes to the
        // live stream as it is, undecoded
        TestJobs.sendRaw(job.id().toString(), "{not json",
                Map.of(CloudEventHeaders.TYPE, "job.progress", CloudEventHeaders.USER_ID, erin, "ce_id",
                        java.util.UUID.randomUUID().toString(), "ce_subject", job.id().toString()));
        send(job.started());
        send(job.completed());

        awaitTotal(erin, 1);
        assertThat(malformed()).isEqualTo(malformedBefore);
    }

    private double malformed() {
        return meters.counter("jobhub.notify.events.malformed", "consumer", "job-events-store").count();
    }

    /** Completes a marker job on {@code job}'s partition and waits until the inbox holds {@code total}, marker first. */
    private static JsonPath markerToldAfter(TestJobs job, int total) {
        TestJobs marker = job.markerOnSamePartition();
        send(marker.completed());
        JsonPath inbox = awaitTotal(marker.userId(), total);
        assertThat(inbox.getString("data[0].jobId")).as("the newest is the marker").isEqualTo(marker.id().toString());
        return inbox;
    }
}
