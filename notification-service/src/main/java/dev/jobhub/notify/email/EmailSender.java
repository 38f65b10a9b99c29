package dev.jobhub.notify.email;

import dev.jobhub.notify.event.EventIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Drains the outbox: every {@code jobhub.notify.email.poll-interval} it claims the due rows (a lease and an attempt
 * each, in one short statement: see {@link EmailOutbox}), renders those that tell a notification, sends them and
 * records each outcome.
 *
 * <p>A {@code @Scheduled} poll rather than a thread of its own: it runs on the event loop with the reactive client
 * and mailer, needs no lifecycle code, and skips a round while the previous one is still sending. The cost is up to
 * one poll interval of latency for a new email, which mail does not notice, and a cheap index-only query per round
 * when there is nothing to send.
 *
 * <p>A round sends at most {@code max-per-second} times the poll interval, and far fewer while this instance takes in
 * a burst of job events ({@link EventIntake}, {@code yield-to-events}): mail is the one channel that loses nothing by
 * waiting a minute, while the notifications it would slow are what every live client is watching.
 *
 * <p>Every send passes the circuit breaker {@value #BREAKER}. After repeated failures it opens, and while it is
 * open no row is claimed at all, so the dead server is not hammered and rows are not charged attempts they never
 * made; once its delay has passed one row is claimed to probe the server. A row the breaker refuses (it opened
 * within a batch) gets its attempt back and waits for the breaker's delay. A permanent refusal (an SMTP 5xx reply)
 * fails the row at once and does not count against the server: the server is alive, the email is wrong.
 */
@ApplicationScoped
public class EmailSender {

    /** The circuit breaker's name, for {@link CircuitBreakerMaintenance}. */
    public static final String BREAKER = "smtp";

    /** Why an email rendered when sent was not: its user (or the retention) deleted its notification first. */
    static final String NOTIFICATION_GONE = "not sent: its notification was deleted first";

    private final EmailOutbox outbox;
    private final EventIntake intake;
    private final ReactiveMailer mailer;
    private final EmailTemplates templates;
    private final EmailConfig config;
    private final CircuitBreakerMaintenance breakers;
    private final TypedGuard<Uni<Void>> smtp;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private volatile long openedAt;

    public EmailSender(EmailOutbox outbox, EventIntake intake, ReactiveMailer mailer, EmailTemplates templates,
            EmailConfig config, CircuitBreakerMaintenance breakers, MeterRegistry meters) {
        this.outbox = outbox;
        this.intake = intake;
        this.mailer = mailer;
        this.templates = templates;
        this.config = config;
        this.breakers = breakers;
        this.sent = meters.counter("jobhub.notify.email.sent");
        this.retried = meters.counter("jobhub.notify.email.retried");
        this.failed = meters.counter("jobhub.notify.email.failed");
        EmailConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.smtp = TypedGuard.create(new TypeLiteral<Uni<Void>>() {
        })
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .when(failure -> !isPermanent(failure))
                .onStateChange(this::stateChanged)
                .done()
                .build();
    }

    @Scheduled(identity = "email-sender", every = "${jobhub.notify.email.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return sendDue()
                .onFailure().invoke(failure -> Log.warnf("cannot drain the email outbox now: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One round: claims the due rows the breaker lets through and sends them. @return how many were claimed */
    Uni<Integer> sendDue() {
        CircuitBreakerState state = breakers.currentState(BREAKER);
        int limit = config.batchSize();
        if (state == CircuitBreakerState.OPEN) {
            // SmallRye moves an open breaker to half-open by itself once its delay has passed; should it not have
            // yet, the probe below lets it do so on the call
            if (System.nanoTime() - openedAt < config.circuitBreaker().delay().toNanos()) {
                return Uni.createFrom().item(0);
            }
            limit = 1;
        } else if (state == CircuitBreakerState.HALF_OPEN) {
            limit = 1; // one probe at a time: a dead server costs one attempt per delay, not a batch
        }
        int claimLimit = limit;
        // a probe (breaker not closed) is one email per poll; otherwise the poll's budget at the rate of the moment
        int budget = state == CircuitBreakerState.CLOSED
                ? (int) Math.max(1, ratePerSecond() * config.pollInterval().toMillis() / 1000)
                : claimLimit;
        return outbox.dropReadWhileHeld().chain(() -> drain(claimLimit, budget, 0));
    }

    /** The configured rate, or the lower one while a burst of job events passes through this instance. */
    int ratePerSecond() {
        EmailConfig.Yield yield = config.yieldToEvents();
        return intake.perSecond() > yield.eventsPerSecond() ? yield.maxPerSecond() : config.maxPerSecond();
    }

    /** Claims and sends batches while they come back full and the poll's budget lasts. */
    private Uni<Integer> drain(int limit, int budget, int sentSoFar) {
        int batch = Math.min(limit, budget - sentSoFar);
        return outbox.claim(batch, config.lease())
                .chain(rows -> sendBatch(rows).replaceWith(rows.size()))
                .chain(claimed -> claimed == batch && sentSoFar + claimed < budget
                        && breakers.currentState(BREAKER) == CircuitBreakerState.CLOSED
                        ? drain(limit, budget, sentSoFar + claimed)
                        : Uni.createFrom().item(sentSoFar + claimed));
    }

    /**
     * Sends the claimed rows, {@code send-concurrency} at a time, and records the accepted ones sent in one
     * statement once the batch is through (a failure is recorded at once, with its own retry). A sender that dies
     * between a send and that statement leaves its rows leased: they are sent again when the lease runs out, under
     * the same Message-ID, as after a death mid-send.
     */
    private Uni<Void> sendBatch(List<EmailOutbox.Claimed> rows) {
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUni(this::send).merge(Math.max(1, config.sendConcurrency()))
                .filter(Attempt::accepted)
                .map(Attempt::id)
                .collect().asList()
                .chain(accepted -> outbox.markSent(accepted).invoke(() -> sent.increment(accepted.size())));
    }

    /** One send's outcome: accepted by the SMTP server, or not (its failure is recorded already). */
    private record Attempt(UUID id, boolean accepted) {
    }

    private Uni<Attempt> send(EmailOutbox.Claimed row) {
        if (!row.rendered() && row.notification() == null) {
            return outbox.markSkipped(row, NOTIFICATION_GONE).replaceWith(new Attempt(row.id(), false));
        }
        RenderedEmail content = row.rendered()
                ? new RenderedEmail(row.subject(), row.textBody(), row.htmlBody())
                : templates.notification(row.notification());
        Mail mail = Mail.withText(row.to(), content.subject(), content.text())
                // the same for every attempt, so a mail sent twice (a lease that ran out mid-send) is recognisable
                .addHeader("Message-ID", messageId(row));
        if (content.html() != null) {
            mail.setHtml(content.html());
        }
        Duration timeout = config.sendTimeout();
        return smtp.get(() -> mailer.send(mail)
                // the reactive mailer has no timeout of its own: a server that accepts and then says nothing
                // would hold the row until its lease ran out
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer from SMTP in " + timeout)))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().item(new Attempt(row.id(), true))
                        : recordFailure(row, failure).replaceWith(new Attempt(row.id(), false)));
    }

    private Uni<Void> recordFailure(EmailOutbox.Claimed row, Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return outbox.defer(row, config.circuitBreaker().delay());
        }
        String error = bounded(failure);
        List<Duration> backoff = config.backoff();
        if (isPermanent(failure) || row.attempt() > backoff.size()) {
            Log.warnf("email %s to user %s failed for good after %d attempt(s): %s", row.id(), row.userId(),
                    row.attempt(), error);
            return outbox.markFailed(row, error).invoke(() -> failed.increment());
        }
        Duration wait = backoff.get(row.attempt() - 1);
        Log.infof("email %s: attempt %d failed, next in %s: %s", row.id(), row.attempt(), wait, error);
        return outbox.markRetry(row, wait, error).invoke(() -> retried.increment());
    }

    static String messageId(EmailOutbox.Claimed row) {
        return "<" + row.id() + "@jobhub>";
    }

    /** An SMTP reply 5xx: the server refuses this email and will refuse it again. */
    static boolean isPermanent(Throwable failure) {
        return failure instanceof SMTPException smtp && smtp.isPermanent();
    }

    private String bounded(Throwable failure) {
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        int max = config.maxErrorLength();
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }

    private void stateChanged(CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            openedAt = System.nanoTime();
            Log.warnf("SMTP circuit breaker open: no email is sent for %s", config.circuitBreaker().delay());
        } else {
            Log.infof("SMTP circuit breaker %s", state.name().toLowerCase(Locale.ROOT));
        }
    }
}
