package dev.jobhub.api.connection;

import static dev.jobhub.api.connection.ConnectionApi.PROBLEM;
import static dev.jobhub.api.connection.ConnectionApi.body;
import static dev.jobhub.api.connection.ConnectionApi.create;
import static dev.jobhub.api.connection.ConnectionApi.createFor;
import static dev.jobhub.api.connection.ConnectionApi.patch;
import static dev.jobhub.api.connection.ConnectionApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The egress guard at registration and at the dial of {@code POST /api/connections/{id}/test}, with the tests'
 * configuration: loopback allowed (the target PostgreSQL runs on 127.0.0.1), everything else as in production.
 * The strict defaults are {@link ConnectionEgressStrictTest}'s.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ConnectionEgressTest {

    @Inject
    EgressGuard egress;

    private static int platformDatabasePort() {
        return SharedInfra.get().postgres().port();
    }

    private static int kafkaPort() {
        String bootstrap = SharedInfra.get().kafkaBootstrap();
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    /** A connection to {@code host:port} with the platform's own credentials, as an attacker would register it. */
    private static String platformLike(String host, int port) {
        // a short connect timeout: a failed test answers no sooner than it
        return body("platform-" + UUID.randomUUID(), "\"sslMode\":\"disable\",\"options\":{\"connectTimeoutMs\":1000}")
                .replace("\"127.0.0.1\"", "\"" + host + "\"")
                .replaceFirst("\"port\":\\d+", "\"port\":" + port)
                .replace("\"database\":\"" + ConnectionApi.DATABASE + "\"",
                        "\"database\":\"" + PlatformServices.DATABASE + "\"")
                .replace("\"username\":\"" + ConnectionApi.USER + "\"",
                        "\"username\":\"" + PlatformServices.DB_USER + "\"")
                .replace("\"password\":\"" + ConnectionApi.PASSWORD + "\"",
                        "\"password\":\"" + PlatformServices.DB_PASSWORD + "\"");
    }

    private static String refused(String host, int port, String why) {
        String token = TestTokens.user(JobRows.uniqueUser("egress"));
        return create(token, platformLike(host, port)).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("host"))
                .body("detail", containsString(why))
                .extract().asString();
    }

    @Test
    void thePlatformsOwnDatabaseIsRefusedUnderAnyLoopbackNameAlthoughLoopbackIsAllowed() {
        for (String host : List.of("127.0.0.1", "localhost", "127.0.0.2", "::ffff:127.0.0.1", "::1", "[::1]")) {
            refused(host, platformDatabasePort(), "the platform's own database (port " + platformDatabasePort() + ")");
        }
        // the same machine, another server: allowed
        create(TestTokens.user(JobRows.uniqueUser("egress")), body("target", "")).statusCode(201);
    }

    @Test
    void thePlatformsKafkaBrokerIsRefused() {
        refused("127.0.0.1", kafkaPort(), "Kafka");
    }

    @Test
    void linkLocalAndCloudMetadataAreRefused() {
        refused("169.254.169.254", 80, "a cloud metadata address");
        refused("fd00:ec2::254", 80, "a cloud metadata address");
        refused("[fd00:ec2::254]", 80, "a cloud metadata address");
        refused("::ffff:169.254.169.254", 80, "a cloud metadata address");
        refused("::ffff:a9fe:a9fe", 80, "a cloud metadata address");
        refused("169.254.10.10", 5432, "a link-local address");
        refused("fe80::1", 5432, "a link-local address");
        refused("0.0.0.0", 5432, "unspecified");
        refused("::", 5432, "unspecified");
        refused("224.0.0.1", 5432, "multicast");
        refused("255.255.255.255", 5432, "broadcast");
    }

    @Test
    void privateRangesAreAllowedForDatabasesAndRefusedForWebhooks() throws Exception {
        String token = TestTokens.user(JobRows.uniqueUser("egress"));
        for (String host : List.of("10.1.2.3", "172.16.0.10", "192.168.1.20", "100.64.3.4", "fd12:3456::7")) {
            create(token, body("private-" + UUID.randomUUID(), "").replace("\"127.0.0.1\"", "\"" + host + "\""))
                    .statusCode(201).body("host", equalTo(host));
            assertThat(egress.check(host, 5432, EgressPurpose.DATABASE).address().getHostAddress()).isNotEmpty();
            assertThatThrownBy(() -> egress.check(host, 443, EgressPurpose.WEBHOOK)).as(host)
                    .isInstanceOf(EgressRefusedException.class).hasMessageContaining("private-network");
        }
        egress.check("203.0.113.10", 443, EgressPurpose.WEBHOOK);
    }

    @Test
    void aPatchToARefusedHostOrPortIsA400AndChangesNothing() {
        String user = JobRows.uniqueUser("egress");
        UUID id = createFor(user, "patched");
        patch(TestTokens.user(user), id, "{\"host\":\"169.254.169.254\"}").statusCode(400)
                .body("errors.field", hasItem("host"));
        // the host stays 127.0.0.1: the port alone makes it the platform's database
        patch(TestTokens.user(user), id, "{\"port\":" + platformDatabasePort() + "}").statusCode(400)
                .body("errors.field", hasItem("host"))
                .body("detail", containsString("the platform's own database"));
        assertThat(JobRows.value("SELECT host || ':' || port FROM api.connections WHERE id = ?", id))
                .isEqualTo("127.0.0.1:" + ConnectionApi.target().port());
        // other fields still change without a check of the address
        patch(TestTokens.user(user), id, "{\"name\":\"renamed\"}").statusCode(200).body("name", equalTo("renamed"));
    }

    @Test
    void aRowChangedBehindTheApiIsCheckedAgainWhenTested() {
        String user = JobRows.uniqueUser("egress");
        // registered on the target server with the platform's credentials, then pointed at the platform's database:
        // without the check at the dial the test would answer ok
        UUID id = UUID.fromString(create(TestTokens.user(user), platformLike("127.0.0.1", ConnectionApi.target()
                .port())).statusCode(201).extract().path("id"));
        JobRows.update("UPDATE api.connections SET port = ? WHERE id = ?", platformDatabasePort(), id);

        post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("ok", equalTo(false))
                .body("code", equalTo(ConnectionFailure.ADDRESS_REFUSED))
                .body("message", containsString("the platform's own database"))
                .body("serverVersion", nullValue());

        JobRows.update("UPDATE api.connections SET host = '169.254.169.254', port = 80 WHERE id = ?", id);
        post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("code", equalTo(ConnectionFailure.ADDRESS_REFUSED))
                .body("message", containsString("metadata"));

        JobRows.update("UPDATE api.connections SET host = '127.0.0.1:22', port = 5432 WHERE id = ?", id);
        post(TestTokens.user(user), id, "test", null).statusCode(200)
                .body("code", equalTo(ConnectionFailure.ADDRESS_REFUSED));
    }

    @Test
    void aClosedPortAndAPortThatIsNotPostgresqlAnswerAlikeAndNoSoonerThanTheConnectTimeout() throws IOException {
        String user = JobRows.uniqueUser("egress");
        String token = TestTokens.user(user);
        int closed = Ports.freePort();
        // something that accepts and hangs up at once, as many non-PostgreSQL services do to a stranger
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!other.isClosed()) {
                    try (Socket ignored = other.accept()) {
                        // closed at once
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "not-postgres");
            acceptor.setDaemon(true);
            acceptor.start();
            String options = "\"options\":{\"connectTimeoutMs\":1000}";
            UUID toClosed = UUID.fromString(create(token, body("closed", options)
                    .replaceFirst("\"port\":\\d+", "\"port\":" + closed)).statusCode(201).extract().path("id"));
            UUID toOther = UUID.fromString(create(token, body("not-postgres", options)
                    .replaceFirst("\"port\":\\d+", "\"port\":" + other.getLocalPort())).statusCode(201)
                    .extract().path("id"));

            JsonPath closedAnswer = timedTest(token, toClosed, 1000);
            JsonPath otherAnswer = timedTest(token, toOther, 1000);

            assertThat(closedAnswer.getString("code")).isEqualTo(ConnectionFailure.UNREACHABLE);
            assertThat(otherAnswer.getString("code")).isEqualTo(ConnectionFailure.UNREACHABLE);
            assertThat(closedAnswer.getString("message").replace(Integer.toString(closed), "PORT"))
                    .isEqualTo(otherAnswer.getString("message").replace(Integer.toString(other.getLocalPort()),
                            "PORT"));
            assertThat(closedAnswer.getLong("latencyMs")).isGreaterThanOrEqualTo(1000);
            other.close();
            acceptor.interrupt();
        }
    }

    @Test
    void aRefusedAddressAnswersNoSoonerThanTheFloorEither() {
        String user = JobRows.uniqueUser("egress");
        String token = TestTokens.user(user);
        UUID id = UUID.fromString(create(token, body("refused-later", "\"options\":{\"connectTimeoutMs\":1000}"))
                .statusCode(201).extract().path("id"));
        JobRows.update("UPDATE api.connections SET host = '169.254.169.254' WHERE id = ?", id);
        JsonPath answer = timedTest(token, id, 1000);
        assertThat(answer.getString("code")).isEqualTo(ConnectionFailure.ADDRESS_REFUSED);
    }

    /** Runs the test and checks it answered no sooner than {@code floorMs}; its answer. */
    private static JsonPath timedTest(String token, UUID id, long floorMs) {
        long began = System.nanoTime();
        ValidatableResponse answer = post(token, id, "test", null).statusCode(200).body("ok", equalTo(false));
        long tookMs = (System.nanoTime() - began) / 1_000_000;
        assertThat(tookMs).as("answered after %d ms", tookMs).isGreaterThanOrEqualTo(floorMs);
        return answer.extract().jsonPath();
    }

    @Test
    void testsAreRateLimitedPerUserWithRetryAfter() {
        String user = JobRows.uniqueUser("egress");
        String token = TestTokens.user(user);
        UUID id = createFor(user, "tested-often");
        for (int i = 0; i < 10; i++) {
            post(token, id, "test", null).statusCode(200).body("ok", equalTo(true));
        }
        String retryAfter = post(token, id, "test", null).statusCode(429).contentType(PROBLEM)
                .body("status", equalTo(429))
                .body("detail", containsString("10 connection tests per 60 s"))
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 6);
        // a missing connection counts too: guessing ids is not a way around the limit
        post(token, UUID.randomUUID(), "test", null).statusCode(429);
        // another user has a budget of their own
        String other = JobRows.uniqueUser("egress");
        post(TestTokens.user(other), createFor(other, "tested-once"), "test", null).statusCode(200);
    }
}
