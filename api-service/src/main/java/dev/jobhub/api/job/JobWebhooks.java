package dev.jobhub.api.job;

import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.support.egress.WebhookUrl;
import dev.jobhub.support.problem.Problem;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The per-job webhooks of a submission through the egress guard ({@link EgressPurpose#WEBHOOK}: public addresses
 * only unless the allow list says otherwise) before anything is written, so a job never carries a URL the platform
 * would refuse to dial. notification-service asks the guard again before every delivery, since a name's addresses
 * can change. Unlike a connection's host, a name that does not resolve is refused: a webhook is for now, not for a
 * database that is still being set up.
 */
@ApplicationScoped
public class JobWebhooks {

    private final EgressGuard egress;

    public JobWebhooks(EgressGuard egress) {
        this.egress = egress;
    }

    /** One submission's webhook, if it has one: a refusal is a 400 naming {@code webhookUrl}. */
    Uni<Void> admit(JobSubmissionValidator.ValidSubmission submission) {
        return admit(List.of(submission), "invalid job submission", i -> "webhookUrl");
    }

    /** A batch's webhooks: each refusal is named {@code jobs[i].webhookUrl}, in one 400 for the whole batch. */
    Uni<Void> admitBatch(List<JobSubmissionValidator.ValidSubmission> submissions) {
        return admit(submissions, "invalid batch", i -> "jobs[" + i + "].webhookUrl");
    }

    private Uni<Void> admit(List<JobSubmissionValidator.ValidSubmission> submissions, String what,
            IntFunction<String> field) {
        if (submissions.stream().allMatch(submission -> submission.webhookUrl() == null)) {
            return Uni.createFrom().voidItem();
        }
        // the guard resolves names, which blocks; a batch's jobs mostly share a receiver, checked once
        return VertxContextSupport.executeBlocking(() -> {
            Map<String, Optional<String>> refusals = new HashMap<>();
            List<Problem.FieldError> errors = new ArrayList<>();
            for (int i = 0; i < submissions.size(); i++) {
                WebhookUrl url = submissions.get(i).webhookUrl();
                if (url == null) {
                    continue;
                }
                Optional<String> refusal = refusals.computeIfAbsent(url.host() + " " + url.port(),
                        endpoint -> refusal(url));
                if (refusal.isPresent()) {
                    errors.add(new Problem.FieldError(field.apply(i), refusal.get()));
                }
            }
            if (!errors.isEmpty()) {
                throw JobSubmissionValidator.invalid(what, errors);
            }
            return null;
        });
    }

    /** Why the guard refuses the URL's host and port, or empty if it may be dialled. */
    private Optional<String> refusal(WebhookUrl url) {
        try {
            egress.check(url.host(), url.port(), EgressPurpose.WEBHOOK);
            return Optional.empty();
        } catch (EgressRefusedException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve: \"" + url.host() + "\"");
        }
    }
}
