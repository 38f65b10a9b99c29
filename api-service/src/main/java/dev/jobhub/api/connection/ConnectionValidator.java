package dev.jobhub.api.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.schedule.ScheduleDraft;
import dev.jobhub.api.schedule.ScheduleValidator;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.support.connection.TargetDatabase;
import dev.jobhub.support.egress.EgressGuard;
import dev.jobhub.support.egress.EgressPurpose;
import dev.jobhub.support.egress.EgressRefusedException;
import dev.jobhub.support.egress.Host;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks the body of {@code POST /api/connections} and {@code PATCH /api/connections/{id}} (JSON merge patch: an
 * absent field is unchanged, {@code null} clears it); every wrong field is named in one 400 answer. No message
 * ever quotes the password, and no message quotes what the client sent for it. The host must be a host name or an
 * IP literal ({@link Host}), and {@link #admitted} then asks the egress guard whether the platform may dial it.
 */
@ApplicationScoped
public class ConnectionValidator {

    static final List<String> KINDS = List.of("postgresql");
    static final String DEFAULT_SSL_MODE = "prefer";
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_IDENTIFIER_LENGTH = 63;
    static final int MAX_PASSWORD_LENGTH = 1024;
    /** Each option: its allowed range in milliseconds. */
    static final Map<String, long[]> OPTIONS = Map.of(
            "connectTimeoutMs", new long[] {100, 60_000},
            "statementTimeoutMs", new long[] {100, 3_600_000});
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ScheduleValidator schedules;
    private final EgressGuard egress;

    public ConnectionValidator(ScheduleValidator schedules, EgressGuard egress) {
        this.schedules = schedules;
        this.egress = egress;
    }

    /**
     * @param id     the connection's id (the rebuild schedule's payload names it)
     * @param stored the stored connection for a PATCH, null for a POST
     */
    ValidConnection validate(UUID id, ObjectNode body, Connection stored) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean creating = stored == null;

        String name = text(body, "name", creating ? null : stored.name, errors);
        if (name == null || name.isBlank()) {
            errors.add(new Problem.FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH || CONTROL.matcher(name).find()) {
            errors.add(new Problem.FieldError("name", "must be 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters"));
        }
        String kind = text(body, "kind", creating ? null : stored.kind, errors);
        if (kind == null || !KINDS.contains(kind)) {
            errors.add(new Problem.FieldError("kind", "must be one of " + KINDS));
        }
        String host = text(body, "host", creating ? null : stored.host, errors);
        if (host == null) {
            errors.add(new Problem.FieldError("host", "is required"));
        } else {
            try {
                Host.parse(host);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("host", e.getMessage()));
            }
        }
        Integer port = integer(body, "port", creating ? null : stored.port, errors);
        if (port == null || port < 1 || port > 65_535) {
            errors.add(new Problem.FieldError("port", "must be an integer between 1 and 65535"));
        }
        String database = identifier(body, "database", creating ? null : stored.database, errors);
        String username = identifier(body, "username", creating ? null : stored.username, errors);
        ValidConnection.PasswordChange password = password(body, errors);
        String sslMode = text(body, "sslMode", creating ? null : stored.sslMode, errors);
        if (sslMode == null) {
            sslMode = DEFAULT_SSL_MODE;
        } else if (!TargetDatabase.SSL_MODES.contains(sslMode)) {
            errors.add(new Problem.FieldError("sslMode", "must be one of " + TargetDatabase.SSL_MODES));
        }
        ObjectNode options = options(body, creating ? null : stored.options, errors);
        ValidConnection.RebuildChange rebuild = rebuildSchedule(id, body, errors);

        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? "invalid connection: '" + errors.get(0).field() + "' " + errors.get(0).message()
                    : "invalid connection: " + errors.size() + " fields are wrong, the first '"
                            + errors.get(0).field() + "' " + errors.get(0).message();
            throw new ProblemException(Problem.invalid(detail, errors));
        }
        return new ValidConnection(name, kind, host, port, database, username, password, sslMode, options, rebuild);
    }

    /**
     * Checks the connection's host and port with the egress guard, off the event loop since the host name is
     * resolved: an address the platform does not dial is a 400 naming {@code host}. A name that does not resolve
     * (yet) is accepted: the guard checks again before every dial, and refuses then what it cannot check now.
     */
    Uni<ValidConnection> admitted(ValidConnection valid) {
        return VertxContextSupport.executeBlocking(() -> {
            try {
                egress.check(valid.host(), valid.port(), EgressPurpose.DATABASE);
            } catch (UnknownHostException e) {
                // checked at the dial
            } catch (EgressRefusedException e) {
                throw new ProblemException(Problem.invalid("invalid connection: 'host' " + e.getMessage(),
                        List.of(new Problem.FieldError("host", e.getMessage()))));
            }
            return valid;
        });
    }

    /** Reads a request body that must be a JSON object; a parse error is reported by position only. */
    static ObjectNode readBody(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.invalid("a JSON body is required", List.of()));
        }
        JsonNode node;
        try {
            node = JobJsonCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the offending text, which could be the password
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(Problem.invalid("malformed JSON" + where, List.of()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProblemException(Problem.invalid("the body must be a JSON object", List.of()));
        }
        return object;
    }

    private static String identifier(ObjectNode body, String field, String current, List<Problem.FieldError> errors) {
        String value = text(body, field, current, errors);
        if (value == null || value.isEmpty() || value.length() > MAX_IDENTIFIER_LENGTH
                || CONTROL.matcher(value).find()) {
            errors.add(new Problem.FieldError(field, "must be 1 to " + MAX_IDENTIFIER_LENGTH
                    + " characters without control characters"));
        }
        return value;
    }

    private static ValidConnection.PasswordChange password(ObjectNode body, List<Problem.FieldError> errors) {
        if (!body.has("password")) {
            return ValidConnection.PasswordChange.KEEP;
        }
        JsonNode value = body.get("password");
        if (value.isNull()) {
            return new ValidConnection.PasswordChange(true, null);
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError("password", "must be a string or null"));
        } else if (value.textValue().length() > MAX_PASSWORD_LENGTH) {
            errors.add(new Problem.FieldError("password", "must be at most " + MAX_PASSWORD_LENGTH + " characters"));
        } else {
            return new ValidConnection.PasswordChange(true, value.textValue());
        }
        return ValidConnection.PasswordChange.KEEP;
    }

    private static ObjectNode options(ObjectNode body, JsonNode current, List<Problem.FieldError> errors) {
        ObjectNode options = JobJsonCodec.mapper().createObjectNode();
        if (!body.has("options")) {
            if (current != null && current.isObject()) {
                options.setAll((ObjectNode) current);
            }
            return options;
        }
        JsonNode given = body.get("options");
        if (given.isNull()) {
            return options;
        }
        if (!given.isObject()) {
            errors.add(new Problem.FieldError("options", "must be an object {connectTimeoutMs, statementTimeoutMs}"));
            return options;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            long[] range = OPTIONS.get(option.getKey());
            String field = "options." + option.getKey();
            if (range == null) {
                errors.add(new Problem.FieldError(field, "is not an option; known: " + OPTIONS.keySet()));
            } else if (option.getValue().isNull()) {
                continue;
            } else if (!option.getValue().canConvertToExactIntegral() || option.getValue().asLong() < range[0]
                    || option.getValue().asLong() > range[1]) {
                errors.add(new Problem.FieldError(field, "must be an integer between " + range[0] + " and "
                        + range[1]));
            } else {
                options.put(option.getKey(), option.getValue().asLong());
            }
        }
        return options;
    }

    /** {@code rebuildSchedule: {cron, timezone?}} becomes a platform schedule of schema.rebuild for this connection. */
    private ValidConnection.RebuildChange rebuildSchedule(UUID id, ObjectNode body, List<Problem.FieldError> errors) {
        if (!body.has("rebuildSchedule")) {
            return ValidConnection.RebuildChange.KEEP;
        }
        JsonNode value = body.get("rebuildSchedule");
        if (value.isNull()) {
            return new ValidConnection.RebuildChange(true, null);
        }
        if (!value.isObject()) {
            errors.add(new Problem.FieldError("rebuildSchedule", "must be an object {cron, timezone?} or null"));
            return ValidConnection.RebuildChange.KEEP;
        }
        List<Problem.FieldError> typeErrors = new ArrayList<>();
        String cron = text((ObjectNode) value, "cron", null, typeErrors);
        String timezone = text((ObjectNode) value, "timezone", null, typeErrors);
        typeErrors.forEach(error -> errors.add(new Problem.FieldError("rebuildSchedule." + error.field(),
                error.message())));
        if (!typeErrors.isEmpty()) {
            return ValidConnection.RebuildChange.KEEP;
        }
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode();
        payload.put("connectionId", id.toString()).put("force", false);
        ScheduleDraft draft = new ScheduleDraft("schema rebuild of connection " + id, cron, timezone,
                SchemaJobTypes.REBUILD, payload, null, null, true, SchemaJobTypes.singletonKey(id));
        try {
            return new ValidConnection.RebuildChange(true, schedules.validateForPlatform(draft));
        } catch (ProblemException e) {
            e.problem().errors().forEach(error -> errors.add(new Problem.FieldError(
                    "rebuildSchedule." + error.field(), error.message())));
            return ValidConnection.RebuildChange.KEEP;
        }
    }

    private static String text(ObjectNode body, String field, String current, List<Problem.FieldError> errors) {
        if (!body.has(field)) {
            return current;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return current;
        }
        return value.textValue();
    }

    private static Integer integer(ObjectNode body, String field, Integer current, List<Problem.FieldError> errors) {
        if (!body.has(field)) {
            return current;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            // reported by the range check below
            return 0;
        }
        return value.intValue();
    }
}
