package dev.jobhub.notify.email;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The email channel's state, for operators: the SMTP circuit breaker and the outbox backlog. Always UP: a dead SMTP
 * server delays emails (they wait in the outbox) but must not take the notifier out of service, which would cut off
 * its WebSocket clients and in-app notifications. A readiness check because that is the report operators and the
 * local stack read; the datasource's own check reports a database outage.
 */
@Readiness
@ApplicationScoped
public class EmailHealthCheck implements AsyncHealthCheck {

    private static final Duration BACKLOG_TIMEOUT = Duration.ofSeconds(2);

    private final EmailOutbox outbox;
    private final CircuitBreakerMaintenance breakers;
    private final EmailSender sender;

    public EmailHealthCheck(EmailOutbox outbox, CircuitBreakerMaintenance breakers, EmailSender sender) {
        this.outbox = outbox;
        this.breakers = breakers;
        this.sender = sender;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String circuit = breakers.currentState(EmailSender.BREAKER).name().toLowerCase(Locale.ROOT);
        int rate = sender.ratePerSecond();
        return outbox.backlog()
                .ifNoItem().after(BACKLOG_TIMEOUT).fail()
                .map(backlog -> HealthCheckResponse.named("email")
                        .up()
                        .withData("smtpCircuit", circuit)
                        .withData("sendingPerSecond", rate)
                        .withData("pending", backlog.pending())
                        .withData("oldestPendingSeconds", backlog.oldestPendingAge().toSeconds())
                        .withData("failed", backlog.failed())
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("email")
                        .up()
                        .withData("smtpCircuit", circuit)
                        .withData("backlog", "unavailable: " + failure.getClass().getSimpleName())
                        .build());
    }
}
