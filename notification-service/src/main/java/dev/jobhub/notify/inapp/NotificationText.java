package dev.jobhub.notify.inapp;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a notification, by job type: a job type with a name people know ("Schema rebuild") gets it in the
 * title and, when it completes, a body that sums up its result; any other job is "Job &lt;type&gt; completed".
 */
final class NotificationText {

    private static final Map<String, String> NAMES = Map.of(
            SchemaJobTypes.REBUILD, "Schema rebuild",
            SchemaJobTypes.TRAIN, "Schema training");

    static String title(JobEvent event, String outcome) {
        if (event.jobType() == null || event.jobType().isBlank()) {
            return "Job " + outcome;
        }
        String name = NAMES.get(event.jobType());
        return name != null
                ? name + " " + outcome
                : "Job " + event.jobType() + " " + outcome;
    }

    /** "Schema rebuild completed: 15 tables" when the result says how many; the plain title otherwise. */
    static String completedTitle(JobEvent event) {
        SchemaRebuildResult result = schemaResult(event);
        String title = title(event, "completed");
        return result == null ? title
                : title + String.format(Locale.ROOT, ": %d %s", result.tables(), result.tables() == 1 ? "table" : "tables");
    }

    /** A summary of a completed job's result where its type has one. */
    static String completedMessage(JobEvent event) {
        SchemaRebuildResult result = schemaResult(event);
        return result == null ? "The job finished successfully." : schemaSummary(result);
    }

    private static SchemaRebuildResult schemaResult(JobEvent event) {
        if (event.jobType() == null || !NAMES.containsKey(event.jobType()) || event.result() == null
                || !event.result().isObject()) {
            return null;
        }
        try {
            return JobJsonCodec.bind(event.result(), SchemaRebuildResult.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String schemaSummary(SchemaRebuildResult result) {
        String counts = String.format(Locale.ROOT, "%d %s in %d %s (%d columns, %d indexes, %d foreign keys)",
                result.tables(), result.tables() == 1 ? "table" : "tables",
                result.schemas(), result.schemas() == 1 ? "schema" : "schemas",
                result.columns(), result.indexes(), result.foreignKeys());
        return result.unchanged()
                ? "Schema unchanged since the last snapshot: " + counts + "."
                : counts + String.format(Locale.ROOT, ", introspected in %.1f s.", result.durationMs() / 1000.0);
    }

    private NotificationText() {
    }
}
