package dev.jobhub.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.jobhub.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

/** Test users whose tokens carry an email claim, and their email preferences. */
public final class EmailUsers {

    private EmailUsers() {
    }

    /** A new user whose token carries an email claim, recorded by their first call. */
    public static String userWithEmail(String name) {
        String user = TestJobs.someUser(name);
        as(user).get("/api/notifications/profile").then().statusCode(200).body("email", equalTo(address(user)));
        return user;
    }

    public static String address(String user) {
        return user + "@example.com";
    }

    /** A request as {@code user}, with the email claim. */
    public static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.withClaims(user, claims -> claims.put("email", address(user))));
    }

    /** Switches email off for notifications of {@code type}. */
    public static void switchOffEmail(String user, String type) {
        Object preference = as(user).get("/api/notifications/preferences").then().extract().jsonPath()
                .get("find { it.type == '" + type + "' && it.channel == 'email' }.id");
        as(user).contentType("application/json").body("{\"enabled\":false}")
                .patch("/api/notifications/preferences/" + preference).then().statusCode(200);
    }
}
