package dev.jobhub.model.jobtype;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class VectorizeJobTypeTest {

    private final VectorizeJobType type = new VectorizeJobType();

    @Test
    void aDocumentIsRequiredAndChunkingIsOptional() {
        assertThat(type.validate(new VectorizePayload(null, null, null)))
                .extracting(PayloadViolation::field).containsExactly("payload.documentId");
        assertThat(type.validate(new VectorizePayload(UUID.randomUUID(), null, null))).isEmpty();
        assertThat(type.validate(new VectorizePayload(UUID.randomUUID(), 1000, 200))).isEmpty();
    }

    @Test
    void chunkSizeAndOverlapStayInRange() {
        UUID document = UUID.randomUUID();
        assertThat(type.validate(new VectorizePayload(document, 50, null)))
                .extracting(PayloadViolation::field).containsExactly("payload.chunkSize");
        assertThat(type.validate(new VectorizePayload(document, 500, 500)))
                .extracting(PayloadViolation::field).containsExactly("payload.chunkOverlap");
        assertThat(type.validate(new VectorizePayload(document, 500, -1)))
                .extracting(PayloadViolation::field).containsExactly("payload.chunkOverlap");
    }

    @Test
    void onlyTheUploadEndpointSubmitsIt() {
        assertThat(JobTypes.byName(VectorizeJobType.NAME)).containsInstanceOf(VectorizeJobType.class);
        assertThat(type.internal()).isTrue();
        assertThat(type.submittedThrough()).isEqualTo("POST /api/documents");
    }
}
