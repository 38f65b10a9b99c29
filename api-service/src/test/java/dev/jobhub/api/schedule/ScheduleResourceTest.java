package dev.jobhub.api.schedule;

import static dev.jobhub.api.schedule.ScheduleApi.body;
import static dev.jobhub.api.schedule.ScheduleApi.create;
import static dev.jobhub.api.schedule.ScheduleApi.createFor;
import static dev.jobhub.api.schedule.ScheduleApi.delete;
import static dev.jobhub.api.schedule.ScheduleApi.get;
import static dev.jobhub.api.schedule.ScheduleApi.list;
import static dev.jobhub.api.schedule.ScheduleApi.patch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jobhub.api.stats.JobRows;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Schedules through the public API: create, read, change, delete, validation and who sees what. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class ScheduleResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void createdScheduleShowsItsFieldsAndNextRunInItsTimezone() {
        String user = JobRows.uniqueUser("sched");
        ValidatableResponse created = create(TestTokens.user(user),
                body("weekly schema training", "0 2 * * 0", "Europe/Berlin"))
                .statusCode(201)
                .header("Location", containsString("/api/schedules/"))
                .body("userId", equalTo(user))
                .body("name", equalTo("weekly schema training"))
                .body("cron", equalTo("0 2 * * 0"))
                .body("timezone", equalTo("Europe/Berlin"))
                .body("jobType", equalTo("sleep"))
                .body("payload.steps", equalTo(1))
                .body("priority", equalTo("normal"))
                .body("maxAttempts", equalTo(3))
                .body("enabled", equalTo(true))
                .body("lastRunAt", nullValue())
                .body("lastJobId", nullValue());
        String location = created.extract().header("Location");
        assertThat(location).endsWith("/api/schedules/" + created.extract().path("id"));

        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime now = ZonedDateTime.now(berlin);
        ZonedDateTime sunday2am = now.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)).with(LocalTime.of(2, 0));
        if (!sunday2am.isAfter(now)) {
            sunday2am = sunday2am.plusWeeks(1);
        }
        Instant nextRunAt = Instant.parse(created.extract().path("nextRunAt"));
        assertThat(nextRunAt).isEqualTo(sunday2am.toInstant());
    }

    @Test
    void timezoneDefaultsToUtcAndPriorityAndMaxAttemptsAreKept() {
        String user = JobRows.uniqueUser("sched");
        String id = create(TestTokens.user(user), "{\"name\":\"n\",\"cron\":\"30 * * * *\",\"jobType\":\"sleep\","
                + "\"priority\":\"high\",\"maxAttempts\":5,\"enabled\":true,\"unknownField\":1,"
                + "\"payload\":{\"steps\":2,\"stepMillis\":1}}")
                .statusCode(201)
                .body("timezone", equalTo("UTC"))
                .body("priority", equalTo("high"))
                .body("maxAttempts", equalTo(5))
                .extract().path("id");
        Instant next = Instant.parse(get(TestTokens.user(user), UUID.fromString(id)).statusCode(200)
                .extract().path("nextRunAt"));
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(next.atZone(ZoneId.of("UTC")).getMinute()).isEqualTo(30);
    }

    @Test
    void invalidFieldsAreNamedInOneProblem() {
        String token = TestTokens.user(JobRows.uniqueUser("sched"));
        invalid(create(token, body("n", "61 * * * *", null))).body("errors.field", hasItem("cron"));
        invalid(create(token, body("n", "* * * * * *", null))).body("errors.field", hasItem("cron"));
        invalid(create(token, body("n", "every day", null))).body("errors.field", hasItem("cron"));
        invalid(create(token, body("n", "0 0 30 2 *", null))).body("errors.field", hasItem("cron"));
        invalid(create(token, body("n", "0 2 * * 0", "Mars/Olympus_Mons")))
                .body("errors.field", hasItem("timezone"))
                .body("detail", containsString("timezone"));
        invalid(create(token, "{\"name\":\"n\",\"cron\":\"0 2 * * 0\",\"jobType\":\"mine-bitcoin\","
                + "\"payload\":{}}")).body("errors.field", hasItem("jobType"));
        invalid(create(token, "{\"name\":\"n\",\"cron\":\"0 2 * * 0\",\"jobType\":\"sleep\","
                + "\"payload\":{\"steps\":-1,\"stepMillis\":1}}")).body("errors.field", hasItem("payload.steps"));
        invalid(create(token, "{\"cron\":\"0 2 * * 0\",\"jobType\":\"sleep\",\"priority\":\"urgent\","
                + "\"maxAttempts\":0,\"enabled\":\"yes\",\"payload\":{\"steps\":1,\"stepMillis\":1}}"))
                .body("errors.field", hasItems("name", "priority", "maxAttempts", "enabled"));
        invalid(create(token, "[1]"));
        invalid(create(token, "{not json"));
    }

    @Test
    void aUserSeesOnlyTheirOwnSchedulesAndAnAdminSeesAll() {
        String alice = JobRows.uniqueUser("alice");
        String bob = JobRows.uniqueUser("bob");
        UUID alices = createFor(alice, "0 2 * * 0");
        UUID bobs = createFor(bob, "0 2 * * 0");

        get(TestTokens.user(alice), alices).statusCode(200);
        get(TestTokens.user(alice), bobs).statusCode(404).contentType(PROBLEM);
        patch(TestTokens.user(alice), bobs, "{\"enabled\":false}").statusCode(404);
        delete(TestTokens.user(alice), bobs).statusCode(404);
        get(TestTokens.user(bob), bobs).statusCode(200).body("enabled", equalTo(true));
        list(TestTokens.user(alice)).statusCode(200)
                .body("data.id", hasItem(alices.toString()))
                .body("data.id", not(hasItem(bobs.toString())))
                .body("data.userId", everyItemIs(alice));

        get(TestTokens.admin("root"), bobs).statusCode(200).body("userId", equalTo(bob));
        list(TestTokens.admin("root")).statusCode(200).body("data.id", hasItems(alices.toString(), bobs.toString()));

        given().when().get("/api/schedules").then().statusCode(401);
        get(TestTokens.user(alice), UUID.randomUUID()).statusCode(404);
        given().auth().oauth2(TestTokens.user(alice)).when().get("/api/schedules/not-a-uuid").then().statusCode(404);
    }

    @Test
    void patchChangesFieldsAndRetimesTheNextRun() {
        String user = JobRows.uniqueUser("sched");
        String token = TestTokens.user(user);
        UUID id = createFor(user, "0 2 * * 0");

        patch(token, id, "{\"enabled\":false}").statusCode(200)
                .body("enabled", equalTo(false))
                .body("nextRunAt", nullValue())
                .body("cron", equalTo("0 2 * * 0"));
        String next = patch(token, id, "{\"enabled\":true,\"cron\":\"*/5 * * * *\",\"name\":\"often\"}")
                .statusCode(200)
                .body("name", equalTo("often"))
                .body("enabled", equalTo(true))
                .body("nextRunAt", notNullValue())
                .extract().path("nextRunAt");
        assertThat(Instant.parse(next)).isBefore(Instant.now().plus(5, ChronoUnit.MINUTES).plusSeconds(1));

        // a change of the payload only keeps the timing
        given().auth().oauth2(token).contentType("application/merge-patch+json")
                .body("{\"payload\":{\"steps\":3,\"stepMillis\":1}}")
                .when().patch("/api/schedules/" + id).then().statusCode(200)
                .body("payload.steps", equalTo(3))
                .body("nextRunAt", equalTo(next));

        invalid(patch(token, id, "{\"cron\":\"0 25 * * *\"}")).body("errors.field", hasItem("cron"));
        invalid(patch(token, id, "{\"timezone\":\"Nowhere/City\"}")).body("errors.field", hasItem("timezone"));
        invalid(patch(token, id, "{\"payload\":{\"steps\":-1,\"stepMillis\":1}}"))
                .body("errors.field", hasItem("payload.steps"));
        invalid(patch(token, id, "{\"name\":null}")).body("errors.field", hasItem("name"));
        get(token, id).statusCode(200).body("name", equalTo("often")).body("payload.steps", equalTo(3));
    }

    @Test
    void deletedScheduleIsGone() {
        String user = JobRows.uniqueUser("sched");
        UUID id = createFor(user, "0 2 * * 0");

        delete(TestTokens.user(user), id).statusCode(204);
        get(TestTokens.user(user), id).statusCode(404);
        delete(TestTokens.user(user), id).statusCode(404);
        assertThat(JobRows.count("SELECT count(*) FROM api.schedules WHERE id = ?", id)).isZero();
    }

    private static ValidatableResponse invalid(ValidatableResponse response) {
        return response.statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
