package dev.jobhub.api.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A Unix 5-field cron expression (minute hour day-of-month month day-of-week), e.g. {@code 0 2 * * 0}. */
public final class CronSchedule {

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ExecutionTime executionTime) {
        this.expression = expression;
        this.executionTime = executionTime;
    }

    /** @throws IllegalArgumentException with a message for people if {@code expression} is not a valid Unix cron */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("is required (Unix cron: minute hour day-of-month month day-of-week)");
        }
        String trimmed = expression.trim();
        if (trimmed.split("\\s+").length != 5) {
            throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week)");
        }
        Cron cron;
        try {
            cron = new CronParser(UNIX).parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + trimmed + "': " + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(trimmed, ExecutionTime.forCron(cron));
        // an expression that never matches (e.g. 0 0 30 2 *) would leave the schedule without a next run
        if (schedule.next(Instant.now(), ZoneId.of("UTC")).isEmpty()) {
            throw new IllegalArgumentException("cron expression '" + trimmed + "' never fires");
        }
        return schedule;
    }

    public String expression() {
        return expression;
    }

    /** The first tick strictly after {@code after}, with the fields read as wall-clock time in {@code zone}. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }
}
