package dev.jobhub.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void theJobsOwnerTravelsAsTheUseridExtension() {
        JobEvent event = JobEvent.queued(UUID.randomUUID(), "carol", "sleep", 1, 1);

        Map<String, byte[]> headers = CloudEventHeaders.of(event, "/jobhub/api-service");

        assertThat(text(headers, CloudEventHeaders.USER_ID)).isEqualTo("carol");
        assertThat(text(headers, CloudEventHeaders.TYPE)).isEqualTo("job.queued");
    }

    @Test
    void theExtensionNameIsAValidCloudEventsAttributeName() {
        // CloudEvents 1.0: attribute names are lower-case ASCII letters and digits, at most 20 characters
        String attribute = CloudEventHeaders.USER_ID.substring("ce_".length());

        assertThat(CloudEventHeaders.USER_ID).startsWith("ce_");
        assertThat(attribute).matches("[a-z0-9]{1,20}");
    }

    @Test
    void aMessageOfNoUserHasNoUseridHeader() {
        JobEvent event = new JobEvent(UUID.randomUUID(), JobEventType.QUEUED, JobEvent.VERSION,
                Instant.now(), UUID.randomUUID(), null, 1, 1, "sleep", JobState.QUEUED, null, null, null,
                null, null);

        assertThat(CloudEventHeaders.of(event, "/jobhub/tests")).doesNotContainKey(CloudEventHeaders.USER_ID)
                .containsKey(CloudEventHeaders.TYPE);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        return new String(headers.get(name), StandardCharsets.UTF_8);
    }
}
