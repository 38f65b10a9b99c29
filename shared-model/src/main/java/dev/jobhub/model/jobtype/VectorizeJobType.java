package dev.jobhub.model.jobtype;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code document.vectorize} job: submitted only by {@code POST /api/documents} (which stores the upload and
 * owns the document record), so the generic job endpoints refuse it.
 */
public final class VectorizeJobType implements JobType<VectorizePayload> {

    public static final String NAME = "document.vectorize";
    static final int MIN_CHUNK_SIZE = 100;
    static final int MAX_CHUNK_SIZE = 8000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<VectorizePayload> payloadClass() {
        return VectorizePayload.class;
    }

    @Override
    public boolean internal() {
        return true;
    }

    @Override
    public String submittedThrough() {
        return "POST /api/documents";
    }

    @Override
    public List<PayloadViolation> validate(VectorizePayload payload) {
        List<PayloadViolation> violations = new ArrayList<>();
        if (payload.documentId() == null) {
            violations.add(new PayloadViolation("payload.documentId", "is required"));
        }
        Integer size = payload.chunkSize();
        if (size != null && (size < MIN_CHUNK_SIZE || size > MAX_CHUNK_SIZE)) {
            violations.add(new PayloadViolation("payload.chunkSize",
                    "must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE));
        }
        Integer overlap = payload.chunkOverlap();
        if (overlap != null && (overlap < 0 || overlap >= (size == null ? MIN_CHUNK_SIZE : size))) {
            violations.add(new PayloadViolation("payload.chunkOverlap",
                    "must be at least 0 and smaller than chunkSize"));
        }
        return violations;
    }
}
