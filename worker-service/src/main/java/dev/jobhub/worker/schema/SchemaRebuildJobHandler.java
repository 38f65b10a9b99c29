package dev.jobhub.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.worker.job.JobContext;
import dev.jobhub.worker.job.JobHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** {@code schema.rebuild}: the whole schema of a connection; without {@code force}, an unchanged one is kept. */
@ApplicationScoped
public class SchemaRebuildJobHandler implements JobHandler {

    private final SchemaIntrospection introspection;

    public SchemaRebuildJobHandler(SchemaIntrospection introspection) {
        this.introspection = introspection;
    }

    @Override
    public String jobType() {
        return SchemaJobTypes.REBUILD;
    }

    @Override
    public JsonNode run(JobContext context) throws SQLException {
        SchemaRebuildPayload payload = context.payload(SchemaRebuildPayload.class);
        return JobJsonCodec.toTree(introspection.run(SchemaSelection.of(payload), context));
    }
}
