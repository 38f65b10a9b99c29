package dev.jobhub.worker.job;

import dev.jobhub.model.jobtype.JobTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The handlers of this worker, by job type. A handler whose type shared-model does not know, or two handlers of
 * one type, stop the worker at startup: that is a packaging mistake, not something to discover job by job.
 */
@ApplicationScoped
public class JobHandlers {

    private final Map<String, JobHandler> byType;

    @Inject
    public JobHandlers(Instance<JobHandler> handlers) {
        this(handlers.stream().toList());
    }

    JobHandlers(Collection<JobHandler> handlers) {
        Map<String, JobHandler> map = new TreeMap<>();
        for (JobHandler handler : handlers) {
            String type = handler.jobType();
            if (JobTypes.byName(type).isEmpty()) {
                throw new IllegalStateException("handler " + handler.getClass().getName() + " runs job type '" + type
                        + "', which shared-model's JobTypes does not define");
            }
            JobHandler previous = map.putIfAbsent(type, handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for job type '" + type + "': "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        this.byType = Map.copyOf(map);
    }

    public Optional<JobHandler> forType(String jobType) {
        return Optional.ofNullable(jobType).map(byType::get);
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }
}
