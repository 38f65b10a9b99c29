package dev.jobhub.notify.inapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.testing.ApiRoutes;
import dev.jobhub.testing.HostileInput;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route of notification-service (from its OpenAPI document): the hostile corpus never gets a 5xx or a stack
 * trace, and without a valid token every route is a 401 problem.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class HostileInputTest {

    @Test
    void noRouteAnswersHostileInputWithA5xxOrAStackTrace() {
        HostileInput.attackEveryRoute(3, TestTokens.user("hostile"));
    }

    @Test
    void withoutAValidTokenEveryRouteIs401() {
        Map<String, String> tokens = TestTokens.unacceptable("mallory");
        for (ApiRoutes.Route route : ApiRoutes.of("/api/")) {
            String path = route.pathToNothing();
            assertThat(given().when().request(route.method(), path).statusCode()).as(route + " without a token")
                    .isEqualTo(401);
            tokens.forEach((what, token) -> assertThat(given().auth().oauth2(token).when()
                    .request(route.method(), path).statusCode()).as(route + " with " + what).isEqualTo(401));
        }
    }
}
