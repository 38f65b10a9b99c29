package dev.jobhub.api.job;

import static dev.jobhub.api.job.Submissions.PROBLEM;
import static dev.jobhub.api.job.Submissions.WAIT;
import static dev.jobhub.api.job.Submissions.batch;
import static dev.jobhub.api.job.Submissions.get;
import static dev.jobhub.api.job.Submissions.sleep;
import static dev.jobhub.api.job.Submissions.submit;
import static dev.jobhub.api.job.Submissions.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.PlayedWorker;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Topics;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A per-job webhook: checked at submission (its form, then the egress guard as a webhook), kept with the job, shown
 * to its owner and carried by the job's job.queued events for notification-service. The test profile allows
 * loopback, so an accepted URL points at this machine; {@code JobWebhookUrlStrictTest} refuses loopback.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class JobWebhookUrlTest {

    private static final String HOOK = "http://127.0.0.1:9/hooks/jobs?token=abc";

    @Inject
    Pool pool;

    private static String withHook(String url, String extra) {
        return sleep("\"webhookUrl\":" + JobJsonCodec.toJson(JobJsonCodec.mapper().getNodeFactory().textNode(url))
                + (extra.isEmpty() ? "" : "," + extra));
    }

    private static JsonNode value(ConsumerRecord<String, byte[]> record) {
        return JobJsonCodec.fromBytes(record.value(), JsonNode.class);
    }

    /** The job.queued records of the job, as the notifier reads them (raw JSON). */
    private static List<JsonNode> queuedValues(TopicRecording events, UUID jobId) {
        return events.raw().stream().filter(r -> r.key().equals(jobId.toString())).map(JobWebhookUrlTest::value)
                .filter(json -> json.path("type").asText().equals("job.queued")).toList();
    }

    @Test
    void theQueuedEventCarriesTheWebhookAndTheOwnerSeesIt() {
        String user = JobRows.uniqueUser("hook");
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            UUID jobId = submitted(submit(user, withHook(HOOK, "")));

            await().atMost(WAIT).until(() -> !queuedValues(events, jobId).isEmpty());
            assertThat(queuedValues(events, jobId).get(0).get("webhookUrl").asText()).isEqualTo(HOOK);
            JobEvent queued = events.eventsOf(jobId).get(0);
            assertThat(queued.type()).isEqualTo(JobEventType.QUEUED);
            assertThat(queued.webhookUrl()).isEqualTo(HOOK);
        }
        get(user, submitted(submit(user, withHook(HOOK, "")))).statusCode(200).body("webhookUrl", equalTo(HOOK));
    }

    @Test
    void aDelayedJobsQueuedEventCarriesItWhenTheDispatcherQueuesIt() {
        String user = JobRows.uniqueUser("hook");
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            // the submission writes no job.queued for a delayed job: the dispatcher does once it is due
            UUID jobId = submitted(submit(user, withHook(HOOK, "\"delayMs\":500")).body("state", equalTo("delayed")));
            get(user, jobId).body("webhookUrl", equalTo(HOOK));
            assertThat(Submissions.job(pool, jobId).getString("webhook_url")).isEqualTo(HOOK);

            await().atMost(WAIT).until(() -> !queuedValues(events, jobId).isEmpty());
            JsonNode queued = queuedValues(events, jobId).get(0);
            assertThat(queued.get("webhookUrl").asText()).isEqualTo(HOOK);
            assertThat(queued.get("sequence").asLong()).as("written by the dispatcher, not the submission")
                    .isEqualTo(1);
        }
    }

    @Test
    void theNextAttemptsQueuedEventCarriesItToo() {
        String user = JobRows.uniqueUser("hook");
        try (PlayedWorker worker = new PlayedWorker()) {
            UUID jobId = submitted(submit(user, withHook(HOOK, "\"backoff\":{\"type\":\"fixed\",\"delayMs\":0}")));
            JobCommand first = worker.awaitCommand(jobId, 1).command();
            worker.start(first);
            worker.fail(first, JobError.of("handler_error", "once"));
            worker.awaitCommand(jobId, 2);

            await().atMost(WAIT).until(() -> worker.events(jobId).stream()
                    .anyMatch(event -> event.type() == JobEventType.QUEUED && event.attempt() == 2));
            assertThat(worker.events(jobId)).filteredOn(event -> event.type() == JobEventType.QUEUED)
                    .extracting(JobEvent::webhookUrl).containsExactly(HOOK, HOOK);
        }
    }

    @Test
    void aJobWithoutAWebhookHasNoWebhookUrlKeyInItsEvents() {
        String user = JobRows.uniqueUser("hook");
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            UUID jobId = submitted(submit(user, sleep("")));

            await().atMost(WAIT).until(() -> !queuedValues(events, jobId).isEmpty());
            assertThat(queuedValues(events, jobId).get(0).has("webhookUrl")).isFalse();
            get(user, jobId).statusCode(200).body("webhookUrl", nullValue());
        }
    }

    @Test
    void batchJobsKeepTheirOwnWebhooksAndARefusalNamesTheItem() {
        String user = JobRows.uniqueUser("hook");
        List<String> ids = batch(user, "{\"jobs\":[" + withHook(HOOK, "") + "," + sleep("") + "]}")
                .statusCode(202).extract().path("jobs.jobId");
        get(user, UUID.fromString(ids.get(0))).body("webhookUrl", equalTo(HOOK));
        get(user, UUID.fromString(ids.get(1))).body("webhookUrl", nullValue());

        batch(user, "{\"jobs\":[" + withHook(HOOK, "") + "," + withHook("ftp://hooks.example.com/", "") + "]}")
                .statusCode(400).contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("jobs[1].webhookUrl")))
                .body("detail", containsString("'jobs[1].webhookUrl'"));
        // the guard's refusals are named the same way, the receiver shared by two jobs checked once
        batch(user, "{\"jobs\":[" + withHook(HOOK, "") + "," + withHook("http://10.1.2.3/a", "") + ","
                + withHook("http://10.1.2.3/b", "") + "]}")
                .statusCode(400).contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("jobs[1].webhookUrl", "jobs[2].webhookUrl")))
                .body("errors[0].message", containsString("private-network"));
        get(user, UUID.fromString(ids.get(0))).statusCode(200);
        assertThat(Submissions.rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0))
                .as("nothing of a refused batch is written").isEqualTo(2);
    }

    @Test
    void everyUnacceptableWebhookIsA400NamingTheField() {
        String user = JobRows.uniqueUser("hook");
        int platformDatabase = SharedInfra.get().postgres().port();
        String[][] refused = {
            {"ftp://hooks.example.com/jobs", "http or https"},
            {"hooks.example.com/jobs", "http or https"},
            {"not a url", "not a valid URL"},
            {"", "http or https"},
            {"http://user:secret@127.0.0.1:9/", "user name or password"},
            {"http://127.0.0.1:9/#done", "fragment"},
            {"http://127.0.0.1:9/" + "x".repeat(2048), "at most 2048"},
            {"http://169.254.169.254/latest/meta-data", "a cloud metadata address"},
            {"http://169.254.10.20/", "a link-local address"},
            {"http://[fe80::1]/", "a link-local address"},
            {"http://10.1.2.3:8080/", "a private-network address"},
            {"https://192.168.1.10/", "a private-network address"},
            {"http://[fd12::5]/", "a private-network address"},
            {"http://0.0.0.0/", "an unspecified address"},
            {"http://127.0.0.1:" + platformDatabase + "/", "the platform's own"},
            {"http://nowhere.invalid/", "does not resolve"},
        };
        for (String[] url : refused) {
            submit(user, withHook(url[0], "")).statusCode(400).contentType(PROBLEM)
                    .body("errors.field", equalTo(List.of("webhookUrl")))
                    .body("errors[0].message", containsString(url[1]))
                    .body("detail", containsString("'webhookUrl'"))
                    .body("detail", not(containsString("secret")));
        }
        submit(user, sleep("\"webhookUrl\":42")).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("webhookUrl"));
        assertThat(Submissions.rows(pool, "SELECT count(*) FROM jobs WHERE user_id = $1", user).get(0).getLong(0))
                .isZero();
    }
}
