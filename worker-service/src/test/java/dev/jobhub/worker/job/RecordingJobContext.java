package dev.jobhub.worker.job;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.Progress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A JobContext for handler tests: records progress, and can act (e.g. cancel) when progress is reported. */
public final class RecordingJobContext implements JobContext {

    private final JobCommand command;
    private final Object payload;
    private final CancellationToken token = new CancellationToken();
    private final List<Progress> progress = new CopyOnWriteArrayList<>();
    private Consumer<RecordingJobContext> onProgress = context -> {
    };

    public RecordingJobContext(JobCommand command, Object payload) {
        this.command = command;
        this.payload = payload;
    }

    /** Runs {@code action} after each reported progress (it sees the progress reported so far). */
    public RecordingJobContext onProgress(Consumer<RecordingJobContext> action) {
        this.onProgress = action;
        return this;
    }

    @Override
    public JobCommand command() {
        return command;
    }

    @Override
    public <P> P payload(Class<P> type) {
        return type.cast(payload);
    }

    @Override
    public void progress(Progress reported) {
        progress.add(reported);
        onProgress.accept(this);
    }

    @Override
    public CancellationToken cancellation() {
        return token;
    }

    public List<Progress> progress() {
        return List.copyOf(progress);
    }
}
