package dev.jobhub.api.connection;

import static dev.jobhub.api.connection.ConnectionApi.PROBLEM;
import static dev.jobhub.api.connection.ConnectionApi.body;
import static dev.jobhub.api.connection.ConnectionApi.create;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jobhub.api.ProductionEgress;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The egress guard at registration with production's defaults (loopback refused) plus an allow-list and a deny-list,
 * as an operator would set them through JOBHUB_EGRESS_ALLOW and JOBHUB_EGRESS_DENY.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
@TestProfile(ProductionEgress.class)
class ConnectionEgressStrictTest {

    private static String at(String host) {
        return body("db-" + UUID.randomUUID(), "").replace("\"127.0.0.1\"", "\"" + host + "\"");
    }

    private static void refused(String host, String why) {
        create(TestTokens.user(JobRows.uniqueUser("strict")), at(host)).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("host"))
                .body("errors.find { it.field == 'host' }.message", containsString(why))
                .body("detail", containsString("'host'"));
    }

    @Test
    void loopbackIsRefusedInEveryForm() {
        for (String host : List.of("127.0.0.1", "127.10.0.1", "localhost", "::1", "[::1]", "::ffff:127.0.0.1",
                "::ffff:7f00:1", "::127.0.0.1")) {
            refused(host, "a loopback address");
        }
    }

    @Test
    void theAllowListOpensWhatItNames() {
        create(TestTokens.user(JobRows.uniqueUser("strict")), at("127.0.0.2")).statusCode(201)
                .body("host", equalTo("127.0.0.2"));
        refused("127.0.0.3", "a loopback address");
    }

    @Test
    void theDenyListRefusesWhatItNamesEvenInPrivateAndPublicRanges() {
        refused("10.66.1.1", "deny-list");
        refused("198.51.100.7", "deny-list");
        refused("2001:db8:dead::5", "deny-list");
        // next door is not listed: a private address for a database, a public one
        create(TestTokens.user(JobRows.uniqueUser("strict")), at("10.67.1.1")).statusCode(201);
        create(TestTokens.user(JobRows.uniqueUser("strict")), at("198.51.100.8")).statusCode(201);
    }

    @Test
    void metadataAndLinkLocalStayRefused() {
        refused("169.254.169.254", "a cloud metadata address");
        refused("fd00:ec2::254", "a cloud metadata address");
        refused("169.254.0.1", "a link-local address");
    }
}
