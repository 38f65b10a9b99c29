package dev.jobhub.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.jobtype.SchemaJobTypes;
import dev.jobhub.model.jobtype.SchemaTrainPayload;
import dev.jobhub.worker.job.JobContext;
import dev.jobhub.worker.job.JobHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** {@code schema.train}: the schemas, tables and details the payload selects; always stored as a new snapshot. */
@ApplicationScoped
public class SchemaTrainJobHandler implements JobHandler {

    private final SchemaIntrospection introspection;

    public SchemaTrainJobHandler(SchemaIntrospection introspection) {
        this.introspection = introspection;
    }

    @Override
    public String jobType() {
        return SchemaJobTypes.TRAIN;
    }

    @Override
    public JsonNode run(JobContext context) throws SQLException {
        SchemaTrainPayload payload = context.payload(SchemaTrainPayload.class);
        return JobJsonCodec.toTree(introspection.run(SchemaSelection.of(payload), context));
    }
}
