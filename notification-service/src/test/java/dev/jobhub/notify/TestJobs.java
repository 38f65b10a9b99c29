package dev.jobhub.notify;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.TestKafka;
import java.util.UUID;

/** One job of a user, as the worker would report it: events with growing sequence numbers, sent to jobs.events. */
public final class TestJobs {

    private final JobCommand command;
    private long sequence;

    private TestJobs(String userId) {
        command = JobCommand.run(UUID.randomUUID(), userId, "sleep", Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode().put("steps", 2).put("stepMillis", 1), 1, 1, 3, null);
        sequence = command.sequence();
    }

    /** A new job of {@code userId}. */
    public static TestJobs jobOf(String userId) {
        return new TestJobs(userId);
    }

    /** A user name no other test uses: the database and the topic live for the whole test run. */
    public static String someUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public UUID id() {
        return command.jobId();
    }

    public JobEvent started() {
        return JobEvent.started(command, ++sequence, "worker-test");
    }

    public JobEvent progress(long current) {
        return JobEvent.progress(command, ++sequence, Progress.of(current, 2, "step " + current), "worker-test");
    }

    public JobEvent completed() {
        return JobEvent.completed(command, ++sequence,
                JobJsonCodec.mapper().createObjectNode().put("slept", 2), "worker-test");
    }

    public JobEvent failed(String message) {
        return JobEvent.failed(command, ++sequence, JobError.of("handler_error", message), "worker-test");
    }

    /** Produces the event to jobs.events, keyed by job id, with its CloudEvents headers. */
    public static JobEvent send(JobEvent event) {
        TestKafka.produce(Topics.EVENTS, event.jobId().toString(), event);
        return event;
    }
}
