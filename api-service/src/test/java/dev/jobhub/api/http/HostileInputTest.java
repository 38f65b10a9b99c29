package dev.jobhub.api.http;

import dev.jobhub.testing.HostileInput;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Every route of api-service (from its OpenAPI document) gets the hostile corpus, as a user and as an admin: never a
 * 5xx, every error problem+json without a stack trace, and the service still answers afterwards.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class HostileInputTest {

    @Test
    void noRouteAnswersHostileInputWithA5xxOrAStackTrace() {
        HostileInput.attackEveryRoute(20, TestTokens.user("hostile"), TestTokens.admin("hostile-admin"));
    }
}
