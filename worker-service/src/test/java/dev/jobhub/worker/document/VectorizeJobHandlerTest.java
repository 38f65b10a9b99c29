package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.jobhub.embedding.EmbeddingConfig;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.embedding.InProcessEmbeddingModel;
import dev.jobhub.embedding.OpenAiEmbeddingModel;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobError;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Progress;
import dev.jobhub.model.jobtype.VectorizePayload;
import dev.jobhub.model.jobtype.VectorizeResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.worker.document.DocumentFixtures.VectorSetRow;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler called directly (no broker), to act at exact points of a run: between batches, and after the last
 * one. What a crash or a deletion at those points leaves behind, and what searches see meanwhile.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class VectorizeJobHandlerTest {

    static final String MODEL = InProcessEmbeddingModel.NAME;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    VectorizeJobHandler handler;
    @Inject
    DocumentSource source;
    @Inject
    DocumentVectorStore store;
    @Inject
    DocumentConfig config;
    @Inject
    EmbeddingConfig embeddingConfig;

    @BeforeEach
    void apiSchema() {
        DocumentFixtures.ensureApiSchema(dataSource);
    }

    @Test
    void whileARunEmbedsSearchesSeeThePreviousCompleteSetAndNothingOfTheNewOne() throws Exception {
        UUID document = upload(TestDocuments.sentences(21, 4_000));
        VectorizeResult first = result(handler.run(context(document, 1000, 100, ignored -> { })));
        List<String> seen = new CopyOnWriteArrayList<>();

        VectorizeResult second = result(handler.run(context(document, 200, 20, context -> {
            Progress last = context.progress().get(context.progress().size() - 1);
            if (last.current() > 0 && last.current() < last.total()) {
                List<VectorSetRow> sets = DocumentFixtures.sets(dataSource, document);
                int visible = DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, MODEL, document)
                        .size();
                seen.add(sets.stream().map(set -> set.complete() + "/" + set.chunkCount()).toList() + " " + visible);
            }
        })));

        assertThat(seen).isNotEmpty().allSatisfy(observation -> assertThat(observation)
                .as("the first run's set stays the visible one while the second is written")
                .isEqualTo("[true/" + first.chunks() + ", false/0] " + first.chunks()));
        assertThat(DocumentFixtures.sets(dataSource, document)).singleElement()
                .extracting(VectorSetRow::complete, VectorSetRow::chunkCount).containsExactly(true, second.chunks());
    }

    @Test
    void aDocumentDeletedBetweenBatchesFailsTheRunAndKeepsNothing() {
        UUID document = upload(TestDocuments.sentences(22, 4_000));
        AtomicBoolean deleted = new AtomicBoolean();

        assertFailsWith(() -> handler.run(context(document, 200, 0, context -> {
            if (context.progress().size() == 2 && deleted.compareAndSet(false, true)) {
                DocumentFixtures.delete(dataSource, document);
            }
        })), "document_deleted");

        assertThat(deleted).isTrue();
        assertThat(DocumentFixtures.sets(dataSource, document)).isEmpty();
    }

    @Test
    void aDocumentDeletedAfterTheLastBatchIsNotCompleted() {
        UUID document = upload(TestDocuments.sentences(23, 3_000));
        AtomicBoolean deleted = new AtomicBoolean();

        assertFailsWith(() -> handler.run(context(document, 500, 0, context -> {
            Progress last = context.progress().get(context.progress().size() - 1);
            if (last.current() == last.total() && last.current() > 0 && deleted.compareAndSet(false, true)) {
                // the api deletes only the record here: the final check alone must notice
                dev.jobhub.worker.schema.SchemaFixtures.update(dataSource, "DELETE FROM api.documents WHERE id = '" + document + "'");
            }
        })), "document_deleted");

        assertThat(deleted).isTrue();
        assertThat(DocumentFixtures.sets(dataSource, document)).isEmpty();
    }

    @Test
    void aFailedRunDeletesItsIncompleteSet() {
        UUID document = upload(TestDocuments.sentences(24, 3_000));

        assertThatThrownBy(() -> handler.run(context(document, 200, 0, context -> {
            if (context.progress().size() == 2) {
                throw new IllegalStateException("the worker fails mid-document");
            }
        }))).hasMessage("the worker fails mid-document");

        assertThat(DocumentFixtures.sets(dataSource, document)).isEmpty();
    }

    @Test
    void staleIncompleteSetsOfCrashedRunsAreDeletedWhenARunStarts() throws Exception {
        UUID crashed = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        insertIncompleteSet(crashed, Instant.now().minus(config.stagedTtl()).minus(Duration.ofMinutes(5)));
        insertIncompleteSet(running, Instant.now().minus(Duration.ofMinutes(1)));

        handler.run(context(upload("Glaciers carve valleys."), null, null, ignored -> { }));

        assertThat(DocumentFixtures.sets(dataSource, crashed)).isEmpty();
        assertThat(DocumentFixtures.sets(dataSource, running)).hasSize(1);
    }

    @Test
    void anOpenAiCompatibleEndpointEmbedsAndItsFailuresKeepTheirRetryability() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<Integer> statuses = new CopyOnWriteArrayList<>(List.of(200, 503, 401));
        server.createContext("/v1/embeddings", exchange -> {
            int status = statuses.isEmpty() ? 200 : statuses.remove(0);
            JsonNode request = JobJsonCodec.mapper().readTree(exchange.getRequestBody());
            byte[] body = (status == 200 ? embeddings(request.get("input")) : "{\"error\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            EmbeddingModel remote = new OpenAiEmbeddingModel(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "test-key",
                    "fake-embedder", 4, Duration.ofSeconds(5));
            VectorizeJobHandler remoteHandler = new VectorizeJobHandler(source, store, () -> remote, config,
                    embeddingConfig);
            UUID document = upload("Tides follow the moon. Glaciers carve valleys.");

            VectorizeResult result = result(remoteHandler.run(context(document, null, null, ignored -> { })));
            assertThat(result).extracting(VectorizeResult::model, VectorizeResult::dimensions)
                    .containsExactly("fake-embedder", 4);
            assertThat(DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, "fake-embedder", document))
                    .singleElement().satisfies(vector -> assertThat(vector).hasSize(4));

            JobError unavailable = assertFailsWith(() -> remoteHandler.run(context(document, null, null,
                    ignored -> { })), "embedding_failed");
            assertThat(unavailable.isRetryable()).as("HTTP 503").isTrue();
            JobError refused = assertFailsWith(() -> remoteHandler.run(context(document, null, null,
                    ignored -> { })), "embedding_failed");
            assertThat(refused.isRetryable()).as("HTTP 401").isFalse();
            assertThat(refused.message()).doesNotContain("test-key");
            // the failed runs left the complete set of the first one
            assertThat(DocumentFixtures.sets(dataSource, document)).singleElement()
                    .extracting(VectorSetRow::complete).isEqualTo(true);
        } finally {
            server.stop(0);
        }
    }

    /** An embeddings API answer: one 4-dimensional vector per input, from the text's length. */
    private static String embeddings(JsonNode inputs) {
        ObjectNode answer = JobJsonCodec.mapper().createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < inputs.size(); i++) {
            int length = inputs.get(i).asText().length();
            data.addObject().put("index", i).putArray("embedding").add(1).add(length).add(0.5).add(-1);
        }
        return answer.toString();
    }

    private UUID upload(String text) {
        return DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "notes.txt", "text/plain",
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordingJobContext context(UUID document, Integer chunkSize, Integer overlap,
            Consumer<RecordingJobContext> onProgress) {
        JobCommand command = DocumentFixtures.command(document, chunkSize, overlap);
        return new RecordingJobContext(command, new VectorizePayload(document, chunkSize, overlap))
                .onProgress(onProgress);
    }

    private static VectorizeResult result(JsonNode result) {
        return JobJsonCodec.bind(result, VectorizeResult.class);
    }

    private static JobError assertFailsWith(ThrowingRun run, String code) {
        JobFailedException failure = (JobFailedException) org.assertj.core.api.Assertions.catchThrowable(run::run);
        assertThat(failure).as("the run must fail with " + code).isNotNull();
        assertThat(failure.error().code()).isEqualTo(code);
        return failure.error();
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    private void insertIncompleteSet(UUID documentId, Instant createdAt) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO worker.document_vector_sets (id, document_id, user_id, job_id, model, dimensions,
                                                                 created_at)
                        VALUES (?, ?, 'someone', ?, ?, 384, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, documentId);
            insert.setObject(3, UUID.randomUUID());
            insert.setString(4, MODEL);
            insert.setTimestamp(5, Timestamp.from(createdAt));
            insert.executeUpdate();
        }
    }
}
