package dev.jobhub.stack.bench;

import dev.jobhub.stack.infra.MailCatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * W6: emails per second to the local SMTP server. Users with an {@code email} claim (a fresh address each at
 * {@code bench.local}, recorded by the notifier when their WebSocket opens) submit no-op jobs, one batch each, all at
 * once; with default preferences every {@code job.completed} is mailed at once. Measured: from the first submit to
 * the last mail, as the mail catcher stamped it, and to the poll of the notifier's delivery statistics that saw the
 * last one sent; the delay of each mail after its submit; and that every job brought exactly one mail.
 */
final class EmailWorkload {

    private EmailWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        int jobs = run.quick() ? 200 : 2_000;
        int users = run.quick() ? 10 : 20;
        WorkloadScope scope = new WorkloadScope(run, "w6", "W6", true);
        MailLedger ledger = new MailLedger();
        List<SocketFleet.Member> members = new ArrayList<>();
        String userPrefix = run.user("w6") + "-";
        for (int i = 0; i < users; i++) {
            String user = userPrefix + i;
            members.add(new SocketFleet.Member(user, run.token(user, true)));
        }
        long emailsDone;
        Instant firstSubmitAt;
        try (SocketFleet fleet = new SocketFleet(run.stack().notifyUrl(), (user, event, nanos, at) ->
                scope.tracker().onEvent(event.id(), event.type(), event.jobId(), event.occurredAt(), nanos, at))) {
            fleet.open(members, ConnectionsWorkload.PARALLEL_HANDSHAKES, users);
            // the notifier records a user's address as its socket opens, just after the upgrade completes
            WorkloadScope.sleep(Duration.ofSeconds(1));
            firstSubmitAt = Instant.now();
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                calls.add(submit(run, scope, ledger, members.get(i), jobs / users + (i < jobs % users ? 1 : 0)));
            }
            calls.forEach(CompletableFuture::join);
            scope.awaitCompletion(scope.tracker()::acceptedIds);
            emailsDone = scope.awaitEmails();
            MailCatcher catcher = run.stack().mail();
            members.forEach(m -> ledger.received(BenchRun.mailAddress(m.user()),
                    catcher.mails(BenchRun.mailAddress(m.user()))));
        }
        MailLedger.Outcome mails = ledger.judge();
        double toLastMail = mails.lastReceived() == null ? 0
                : Duration.between(firstSubmitAt, mails.lastReceived()).toMillis() / 1000.0;
        double toAllSent = emailsDone == 0 ? 0 : WorkloadScope.seconds(scope.counts().firstCallNanos(), emailsDone);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("jobs", jobs);
        figures.put("users", users);
        figures.put("accepted", scope.counts().acceptedJobs());
        figures.put("refusedCalls", scope.counts().refused());
        figures.put("completedSeen", scope.tracker().completedAmong(scope.tracker().acceptedIds()));
        figures.put("mailsExpected", mails.expected());
        figures.put("mailsReceived", mails.received());
        figures.put("mailsMissing", mails.missing());
        figures.put("mailsDuplicated", mails.duplicated());
        figures.put("mailsUnexpected", mails.unexpected());
        figures.put(MailLedger.EXACTLY_ONCE, mails.exactlyOnce());
        figures.put("secondsToLastMail", toLastMail <= 0 ? null : WorkloadScope.round(toLastMail, 1));
        figures.put("mailsPerSecond", toLastMail <= 0 ? null : Math.round(mails.received() / toLastMail));
        figures.put("secondsToAllSent", toAllSent <= 0 ? null : WorkloadScope.round(toAllSent, 2));
        figures.put("sentPerSecond", toAllSent <= 0 ? null : Math.round(mails.received() / toAllSent));
        figures.put("submitToMailMs", mails.submitToMailMs());
        return scope.finish("W6", String.format("%,d no-op jobs of %d users with an email claim, one batch each: "
                + "an email per job to the local SMTP server", jobs, users), figures);
    }

    private static CompletableFuture<Void> submit(BenchRun run, WorkloadScope scope, MailLedger ledger,
            SocketFleet.Member member, int jobs) {
        BenchClient client = run.clientWith(member.token());
        Instant submittedAt = Instant.now();
        long started = scope.counts().calling();
        return client.submitBatchAsync(BenchClient.NO_OP_JOB, jobs).thenAccept(answer -> {
            scope.tracker().accepted(answer, started);
            scope.ownedBy(answer.jobIds(), client);
            ledger.expect(BenchRun.mailAddress(member.user()), answer.jobIds().size(), submittedAt);
            scope.counts().answered(answer);
        });
    }
}
