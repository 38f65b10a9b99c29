package dev.jobhub.support.security;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of a request: the JWT subject, and whether the token carries the admin group. */
@RequestScoped
public class CurrentUser {

    public static final String ADMIN_GROUP = "admin";
    public static final String USER_GROUP = "user";

    private final JsonWebToken jwt;

    public CurrentUser(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** @throws UnauthorizedException if the request carries no verified token */
    public String id() {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException();
        }
        return subject;
    }

    public boolean isAdmin() {
        return jwt.getGroups() != null && jwt.getGroups().contains(ADMIN_GROUP);
    }

    /** True if the caller may see a resource owned by {@code ownerId}: the owner or an admin. */
    public boolean canSee(String ownerId) {
        return isAdmin() || id().equals(ownerId);
    }
}
