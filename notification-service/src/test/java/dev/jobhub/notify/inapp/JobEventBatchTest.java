package dev.jobhub.notify.inapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobhub.model.EventOrder;
import dev.jobhub.model.EventOrder.Position;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobState;
import dev.jobhub.notify.TestJobs;
import dev.jobhub.notify.event.JobEventHead;
import dev.jobhub.notify.inapp.JobEventBatch.Seen;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JobEventBatchTest {

    private static Seen seen(JobEvent event) {
        return new Seen(JobEventHead.of(event), NewNotification.of(event));
    }

    private static List<Seen> poll(JobEvent... events) {
        return Stream.of(events).map(JobEventBatchTest::seen).toList();
    }

    @Test
    void aJobNothingWasRecordedOfIsToldItsOutcomeAndRecorded() {
        TestJobs job = TestJobs.jobOf("alice");
        JobEvent started = job.started();
        JobEvent completed = job.completed();

        JobEventBatch batch = JobEventBatch.decide(poll(started, completed), Map.of());

        assertThat(batch.notifications()).extracting(NewNotification::eventId).containsExactly(completed.id());
        assertThat(batch.positions()).containsExactlyEntriesOf(Map.of(job.id(), Position.of(completed)));
        assertThat(batch.suppressed()).isEmpty();
    }

    @Test
    void eventsAreJudgedAgainstThePositionRecordedBeforeThePoll() {
        TestJobs job = TestJobs.jobOf("alice");
        job.started();
        JobEvent completed = job.completed();
        // the completion was stored by an earlier poll; now it is redelivered
        Map<UUID, Position> recorded = Map.of(job.id(), Position.of(completed));

        JobEventBatch batch = JobEventBatch.decide(poll(completed), recorded);

        assertThat(batch.notifications()).isEmpty();
        assertThat(batch.positions()).as("nothing moved").isEmpty();
        assertThat(batch.suppressed()).extracting(JobEventBatch.Suppressed::verdict)
                .containsExactly(EventOrder.Verdict.STALE);
    }

    @Test
    void withinAPollEachJobIsFoldedInOrderAndJobsDoNotMix() {
        TestJobs duplicated = TestJobs.jobOf("alice");
        TestJobs superseded = TestJobs.jobOf("bob");
        TestJobs plain = TestJobs.jobOf("carol");
        TestJobs again = duplicated.duplicateRun();
        JobEvent firstCompletion = duplicated.completed();
        JobEvent lateCompletion = superseded.completed();
        TestJobs secondAttempt = superseded.nextAttempt();
        JobEvent queued = secondAttempt.queued();
        JobEvent plainFailure = plain.failed("boom");
        JobEvent duplicateCompletion = again.completed();

        JobEventBatch batch = JobEventBatch.decide(poll(firstCompletion, queued, duplicateCompletion, plainFailure,
                lateCompletion), Map.of());

        assertThat(batch.notifications()).extracting(NewNotification::eventId)
                .containsExactly(firstCompletion.id(), plainFailure.id());
        assertThat(batch.suppressed()).extracting(s -> s.notification().eventId(), JobEventBatch.Suppressed::verdict)
                .containsExactly(tuple(duplicateCompletion.id(), EventOrder.Verdict.STALE),
                        tuple(lateCompletion.id(), EventOrder.Verdict.STALE));
        assertThat(batch.positions()).containsOnlyKeys(duplicated.id(), superseded.id(), plain.id());
        assertThat(batch.positions().get(superseded.id())).isEqualTo(new Position(2, queued.sequence(),
                JobState.QUEUED));
    }

    @Test
    void anEventThatTellsNothingStillMovesItsJob() {
        TestJobs job = TestJobs.jobOf("alice");
        JobEvent started = job.started();

        JobEventBatch batch = JobEventBatch.decide(List.of(new Seen(JobEventHead.of(started),
                NewNotification.of(started))), Map.of());

        assertThat(batch.notifications()).isEmpty();
        assertThat(batch.suppressed()).isEmpty();
        assertThat(batch.positions().get(job.id()).sequence()).isEqualTo(started.sequence());
    }
}
