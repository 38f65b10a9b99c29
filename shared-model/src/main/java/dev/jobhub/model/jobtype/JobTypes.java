package dev.jobhub.model.jobtype;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The job types the platform runs, by name. Adding a job type is one {@link JobType} plus its payload record. */
public final class JobTypes {

    private static final Map<String, JobType<?>> BY_NAME = new LinkedHashMap<>();

    static {
        register(new SleepJobType());
        register(new SchemaJobTypes.Rebuild());
        register(new SchemaJobTypes.Train());
        register(new VectorizeJobType());
    }

    private static void register(JobType<?> type) {
        BY_NAME.put(type.name(), type);
    }

    public static Optional<JobType<?>> byName(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    private JobTypes() {
    }
}
