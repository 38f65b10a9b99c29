package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * Payload of {@code schema.rebuild}: introspect every schema of the connection (but PostgreSQL's own
 * {@code pg_catalog}, {@code information_schema} and {@code pg_toast*}). Without {@code force}, a run that finds the
 * schema unchanged since the latest snapshot keeps that snapshot and says so in its result.
 *
 * <p>Carries the connection's id only: the worker reads the connection's settings and its encrypted password from
 * the database (README, "Credential path"); no credential ever travels through Kafka.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaRebuildPayload(UUID connectionId, boolean force) {
}
