package dev.jobhub.worker.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobHeartbeat;
import dev.jobhub.model.Progress;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt of a job on this worker: the events it publishes, its cancellation token, and what became of it
 * (timed out, dropped, finished).
 *
 * <p>The command carries the job's last sequence when it was issued; the attempt numbers its own events from there
 * on (+1, +2, …), in the order they are made, so consumers can drop duplicates and stale events by
 * (attempt, sequence).
 */
public final class JobAttempt {

    private final JobCommand command;
    private final String workerId;
    private final AtomicLong sequence;
    private final CancellationToken token = new CancellationToken();
    // guarded by this: the thread running the handler (null outside the handler), and the attempt's end states
    private Thread handlerThread;
    private boolean finished;
    private boolean dropped;
    private boolean timedOut;

    public JobAttempt(JobCommand command, String workerId) {
        this.command = command;
        this.workerId = workerId;
        this.sequence = new AtomicLong(command.sequence());
    }

    public JobCommand command() {
        return command;
    }

    public UUID jobId() {
        return command.jobId();
    }

    /** True if a control message about {@code (jobId, attempt)} concerns this attempt (attempt 0: any attempt). */
    public boolean isAddressedBy(UUID jobId, int attempt) {
        return command.jobId().equals(jobId) && (attempt <= 0 || attempt == command.attempt());
    }

    public CancellationToken token() {
        return token;
    }

    public JobEvent started() {
        return JobEvent.started(command, sequence.incrementAndGet(), workerId);
    }

    public JobEvent progress(Progress progress) {
        return JobEvent.progress(command, sequence.incrementAndGet(), progress, workerId);
    }

    public JobEvent completed(JsonNode result) {
        return JobEvent.completed(command, sequence.incrementAndGet(), result, workerId);
    }

    /** {@code job.retrying} if another attempt will follow (retryable error, not the last attempt), else the final {@code job.failed}. */
    public JobEvent failed(JobError error) {
        return JobEvent.attemptFailed(command, sequence.incrementAndGet(), error, workerId);
    }

    public JobEvent cancelled() {
        return JobEvent.cancelled(command, sequence.incrementAndGet(), workerId);
    }

    /** A heartbeat, unless the attempt has ended or was dropped: none is made after {@link #finish()}. */
    public synchronized Optional<JobHeartbeat> heartbeat() {
        return finished || dropped ? Optional.empty() : Optional.of(JobHeartbeat.of(command, workerId));
    }

    /** The handler runs from now on, on the calling thread (which {@link #interrupt()} may interrupt). */
    synchronized void handlerStarted() {
        handlerThread = Thread.currentThread();
    }

    /** The handler has returned or thrown: its thread is no longer this attempt's to interrupt. */
    synchronized void handlerEnded() {
        handlerThread = null;
        // an interrupt aimed at the handler must not hit what the pool thread does next
        Thread.interrupted();
    }

    /** The outcome is being decided: no heartbeat after this. */
    public synchronized void finish() {
        finished = true;
    }

    /** Interrupts the handler's thread if the handler still runs: the last resort after a cancellation. */
    public synchronized boolean interrupt() {
        if (handlerThread == null) {
            return false;
        }
        handlerThread.interrupt();
        return true;
    }

    /** The attempt ran over its time: cancels it (unless it was already cancelled for another reason). */
    public synchronized boolean timeOut(String reason) {
        if (finished || token.isCancelled()) {
            return false;
        }
        timedOut = true;
        token.cancel(reason);
        return true;
    }

    /** The job's record has moved on without this attempt: cancel it and publish nothing more for it. */
    public synchronized void drop(String reason) {
        dropped = true;
        token.cancel(reason == null ? "dropped" : reason);
    }

    public synchronized boolean isDropped() {
        return dropped;
    }

    public synchronized boolean isTimedOut() {
        return timedOut;
    }
}
