package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Priority;
import dev.jobhub.model.jobtype.SleepPayload;
import dev.jobhub.worker.sleep.SleepJobHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobAdmissionTest {

    private final JobAdmission admission = new JobAdmission(new JobHandlers(List.of(new SleepJobHandler())));

    @Test
    void admitsAKnownTypeWithItsPayloadBoundToTheTypesRecord() {
        Admission verdict = admission.admit(JobCommands.sleep(3, 100, 2));

        assertThat(verdict).isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
            assertThat(admitted.handler()).isInstanceOf(SleepJobHandler.class);
            assertThat(admitted.payload()).isEqualTo(new SleepPayload(3, 100, 2));
        });
    }

    @Test
    void rejectsAnUnknownJobType() {
        JobCommand command = JobCommands.command("teleport", JobCommands.sleepPayload(1, 1, null), Priority.HIGH);

        assertThat(admission.admit(command)).isInstanceOfSatisfying(Admission.Rejected.class, rejected -> {
            assertThat(rejected.error().code()).isEqualTo("unknown_job_type");
            assertThat(rejected.error().isRetryable()).as("no other attempt could run it").isFalse();
            assertThat(rejected.error().message()).contains("'teleport'").contains("sleep");
        });
    }

    @Test
    void rejectsAPayloadThatBreaksTheTypesRulesNamingEveryField() {
        JobCommand command = JobCommands.command("sleep", JobCommands.sleepPayload(-1, -5, null), Priority.LOW);

        assertThat(admission.admit(command)).isInstanceOfSatisfying(Admission.Rejected.class, rejected -> {
            assertThat(rejected.error().code()).isEqualTo("invalid_payload");
            assertThat(rejected.error().isRetryable()).isFalse();
            assertThat(rejected.error().message())
                    .contains("payload.steps must be between 0 and")
                    .contains("payload.stepMillis must be between 0 and");
        });
    }

    @Test
    void rejectsAPayloadThatIsNotAnObject() {
        JobCommand command = JobCommands.command("sleep", TextNode.valueOf("three steps please"), Priority.NORMAL);

        assertThat(admission.admit(command)).isInstanceOfSatisfying(Admission.Rejected.class, rejected -> {
            assertThat(rejected.error().code()).isEqualTo("invalid_payload");
            assertThat(rejected.error().message()).isEqualTo("invalid payload: payload must be a JSON object");
        });
    }

    @Test
    void rejectsAPayloadWhoseFieldsHaveTheWrongType() {
        JobCommand command = JobCommands.command("sleep",
                JobCommands.sleepPayload(1, 1, null).put("steps", "many"), Priority.NORMAL);

        assertThat(admission.admit(command)).isInstanceOfSatisfying(Admission.Rejected.class, rejected -> {
            assertThat(rejected.error().code()).isEqualTo("invalid_payload");
            assertThat(rejected.error().message()).startsWith("invalid payload: payload ");
        });
    }
}
