package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;

/** Binds a job's JSON payload to its record. */
final class JobJson {

    static <P> P bind(JsonNode payload, Class<P> type) {
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        return JobJsonCodec.bind(payload, type);
    }

    private JobJson() {
    }
}
