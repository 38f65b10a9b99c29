package dev.jobhub.api.job;

import static dev.jobhub.api.job.Submissions.PROBLEM;
import static dev.jobhub.api.job.Submissions.sleep;
import static dev.jobhub.api.job.Submissions.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.api.ProductionEgress;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.testing.RealInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A per-job webhook under production's egress defaults: loopback is refused in every form, the lists apply. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
@TestProfile(ProductionEgress.class)
class JobWebhookUrlStrictTest {

    private static void refused(String url, String why) {
        submit(JobRows.uniqueUser("hook"), sleep("\"webhookUrl\":\"" + url + "\"")).statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("webhookUrl")))
                .body("errors[0].message", containsString(why));
    }

    @Test
    void loopbackIsRefusedUnlessTheAllowListNamesIt() {
        for (String url : List.of("http://127.0.0.1/", "https://localhost:8443/hook", "http://[::1]:8080/",
                "http://[::ffff:127.0.0.1]/")) {
            refused(url, "a loopback address");
        }
        submit(JobRows.uniqueUser("hook"), sleep("\"webhookUrl\":\"http://127.0.0.2:9/hook\"")).statusCode(202);
    }

    @Test
    void theDenyListRefusesAPublicAddress() {
        refused("https://198.51.100.7/hook", "deny-list");
    }
}
