package dev.jobhub.notify.webhook;

import dev.jobhub.support.egress.CheckedEndpoint;
import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;

/**
 * A receiver's URL through the egress guard, as a webhook ({@link EgressPurpose#WEBHOOK}: public addresses only,
 * unless the allow list says otherwise): at registration, and again before every delivery, since a name's addresses
 * can change after it was registered. The guard resolves the name, which blocks: it runs on a worker thread.
 */
@ApplicationScoped
public class WebhookEgress {

    private final EgressGuard guard;

    public WebhookEgress(EgressGuard guard) {
        this.guard = guard;
    }

    /** The checked endpoint, or a failure {@link Refused} saying why it may not be dialled. */
    public Uni<CheckedEndpoint> check(WebhookUrl url) {
        return Uni.createFrom().item(() -> {
            try {
                return guard.check(url.host(), url.port(), EgressPurpose.WEBHOOK);
            } catch (EgressRefusedException e) {
                throw new Refused(e.getMessage());
            } catch (UnknownHostException e) {
                throw new Refused("\"" + url.host() + "\" does not resolve");
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** {@link #check} for a URL a user is registering: a refusal is a 400 naming {@code field}. */
    public Uni<CheckedEndpoint> checkForRegistration(WebhookUrl url, String field) {
        return check(url).onFailure(Refused.class)
                .transform(refused -> ProblemException.badRequest(refused.getMessage(), field));
    }

    /** A URL the platform will not dial; the message says why and names no configuration. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
