package dev.jobhub.worker.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jobhub.embedding.InProcessEmbeddingModel;
import dev.jobhub.embedding.Vectors;
import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.model.Priority;
import dev.jobhub.model.Progress;
import dev.jobhub.model.Topics;
import dev.jobhub.model.jobtype.VectorizeResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestKafka;
import dev.jobhub.testing.TopicRecording;
import dev.jobhub.worker.document.DocumentFixtures.ChunkRow;
import dev.jobhub.worker.document.DocumentFixtures.VectorSetRow;
import dev.jobhub.worker.job.WorkerTesting;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** document.vectorize through the broker, as api-service sends it, with the real model and database. */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class VectorizeJobKafkaTest {

    /** %test.jobhub.embedding.batch-size */
    static final int BATCH = 8;
    static final String MODEL = InProcessEmbeddingModel.NAME;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void apiSchema() {
        DocumentFixtures.ensureApiSchema(dataSource);
    }

    @Test
    void aPdfOfSeveralPagesIsExtractedChunkedEmbeddedAndStored() throws Exception {
        String source = TestDocuments.sentences(7, 9_000);
        byte[] pdf = TestDocuments.pdf(source);
        UUID document = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "report.pdf", "application/pdf",
                pdf);
        JobCommand command = DocumentFixtures.command(document, 400, 80);

        List<JobEvent> events = run(command);

        VectorizeResult result = completed(events);
        int chunks = result.chunks();
        assertThat(chunks).isGreaterThan(2 * BATCH);
        assertThat(result).extracting(VectorizeResult::vectorCount, VectorizeResult::dimensions,
                VectorizeResult::model).containsExactly(chunks, 384, MODEL);
        // started, "Extracted", one progress per batch, completed
        List<Progress> progress = events.stream().filter(event -> event.type() == JobEventType.PROGRESS)
                .map(JobEvent::progress).toList();
        int batches = (chunks + BATCH - 1) / BATCH;
        assertThat(events).extracting(JobEvent::type).first().isEqualTo(JobEventType.STARTED);
        assertThat(progress).hasSize(1 + batches);
        assertThat(progress.get(0).message()).matches("Extracted \\d{1,3}(,\\d{3})* characters, " + chunks
                + " chunks");
        assertThat(progress.get(0).current()).isZero();
        for (int batch = 1; batch <= batches; batch++) {
            long done = Math.min((long) batch * BATCH, chunks);
            assertThat(progress.get(batch)).extracting(Progress::current, Progress::total, Progress::message)
                    .containsExactly(done, (long) chunks, "Embedded " + done + " of " + chunks + " chunks");
        }

        List<VectorSetRow> sets = DocumentFixtures.sets(dataSource, document);
        assertThat(sets).singleElement().extracting(VectorSetRow::complete, VectorSetRow::chunkCount,
                VectorSetRow::model, VectorSetRow::dimensions, VectorSetRow::jobId)
                .containsExactly(true, chunks, MODEL, 384, command.jobId());
        // the chunks are the extracted text's, in order, overlapping, and together cover all of it
        String text = DocumentText.extract("application/pdf", pdf);
        List<ChunkRow> stored = DocumentFixtures.chunks(dataSource, document);
        assertThat(stored).extracting(ChunkRow::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, chunks).boxed().toList());
        assertThat(stored).allSatisfy(chunk -> {
            assertThat(chunk.dimensions()).isEqualTo(384);
            assertThat(chunk.content()).isEqualTo(text.substring(chunk.start(), chunk.end()));
            assertThat(chunk.content().length()).isLessThanOrEqualTo(400);
        });
        assertThat(stored.get(0).start()).isZero();
        assertThat(stored.get(chunks - 1).end()).isEqualTo(text.length());
        for (int i = 1; i < chunks; i++) {
            assertThat(stored.get(i).start()).isGreaterThan(stored.get(i - 1).start())
                    .as("no text between chunk %d and %d is lost", i - 1, i)
                    .isLessThanOrEqualTo(stored.get(i - 1).end() + 1);
        }
        assertThat(source.replaceAll("\\s+", " ")).startsWith(text.substring(0, 200).replaceAll("\\s+", " "));

        // what api-service's search reads: every vector, normalised, only for the owner and the model
        List<float[]> vectors = DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, MODEL, document);
        assertThat(vectors).hasSize(chunks).allSatisfy(vector -> {
            assertThat(vector).hasSize(384);
            assertThat(Vectors.dot(vector, vector)).isCloseTo(1.0f, within(1e-3f));
        });
        assertThat(DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OTHER_USER, MODEL, document)).isEmpty();
        assertThat(DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, "another-model", document))
                .isEmpty();
        // and the texts of the chunks a search picks
        assertThat(DocumentFixtures.chunkTexts(dataSource, DocumentFixtures.OWNER, document, List.of(0, chunks - 1)))
                .containsExactly(stored.get(0).content(), stored.get(chunks - 1).content());
        assertThat(DocumentFixtures.chunkTexts(dataSource, DocumentFixtures.OTHER_USER, document, List.of(0)))
                .isEmpty();
    }

    @Test
    void htmlIsVectorizedFromItsVisibleText() {
        String html = """
                <html><head><title>Atlas</title><script>var tracking = "SCRIPT-TEXT";</script></head>
                <body><nav>NAV-TEXT</nav><h1>Glaciers of Iceland</h1>
                <p>Vatnajökull is the largest ice cap of the island.</p><ul><li>It covers volcanoes</li>
                <li>It feeds rivers</li></ul><style>p { color: red }</style></body></html>""";
        UUID document = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "atlas.html", "text/html",
                html.getBytes(StandardCharsets.UTF_8));

        VectorizeResult result = completed(run(DocumentFixtures.command(document, null, null)));

        assertThat(result.chunks()).isEqualTo(1);
        assertThat(DocumentFixtures.chunks(dataSource, document)).singleElement().extracting(ChunkRow::content)
                .isEqualTo("Glaciers of Iceland\n\nVatnajökull is the largest ice cap of the island.\n\n"
                        + "It covers volcanoes\nIt feeds rivers");
    }

    @Test
    void markdownIsVectorizedWithoutItsMarkup() {
        String markdown = """
                # Tides

                The **moon** pulls the [oceans](https://example.org/oceans) twice a day.
                <!-- editor: check this -->
                | place | range |
                |-------|-------|
                | Fundy | 16 m |""";
        UUID document = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "tides.md", "text/markdown",
                markdown.getBytes(StandardCharsets.UTF_8));

        completed(run(DocumentFixtures.command(document, null, null)));

        assertThat(DocumentFixtures.chunks(dataSource, document)).singleElement().extracting(ChunkRow::content)
                .isEqualTo("Tides\n\nThe moon pulls the oceans twice a day.\nplace range\nFundy 16 m");
    }

    @Test
    void chunkOptionsAreHonoured() {
        byte[] text = TestDocuments.sentences(11, 6_000).getBytes(StandardCharsets.UTF_8);
        UUID small = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "a.txt", "text/plain", text);
        UUID large = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "b.txt", "text/plain", text);

        VectorizeResult smallChunks = completed(run(DocumentFixtures.command(small, 200, 0)));
        VectorizeResult largeChunks = completed(run(DocumentFixtures.command(large, 2000, 100)));

        assertThat(smallChunks.chunks()).isGreaterThan(3 * largeChunks.chunks());
        assertThat(DocumentFixtures.chunks(dataSource, small)).hasSize(smallChunks.chunks())
                .allSatisfy(chunk -> assertThat(chunk.content().length()).isLessThanOrEqualTo(200));
        assertThat(DocumentFixtures.chunks(dataSource, large)).hasSize(largeChunks.chunks())
                .allSatisfy(chunk -> assertThat(chunk.content().length()).isLessThanOrEqualTo(2000));
    }

    @Test
    void aSecondRunReplacesTheFirstSet() {
        UUID document = DocumentFixtures.upload(dataSource, DocumentFixtures.OWNER, "notes.txt", "text/plain",
                TestDocuments.sentences(3, 3_000).getBytes(StandardCharsets.UTF_8));
        JobCommand first = DocumentFixtures.command(document, 1000, 100);
        JobCommand second = DocumentFixtures.command(document, 300, 50);

        VectorizeResult firstResult = completed(run(first));
        VectorizeResult secondResult = completed(run(second));

        assertThat(secondResult.chunks()).isNotEqualTo(firstResult.chunks());
        assertThat(DocumentFixtures.sets(dataSource, document)).singleElement()
                .extracting(VectorSetRow::complete, VectorSetRow::jobId, VectorSetRow::chunkCount)
                .containsExactly(true, second.jobId(), secondResult.chunks());
        assertThat(DocumentFixtures.searchVectors(dataSource, DocumentFixtures.OWNER, MODEL, document))
                .hasSize(secondResult.chunks());

        assertThat(DocumentFixtures.delete(dataSource, document)).as("chunks deleted with the document")
                .isEqualTo(secondResult.chunks());
        assertThat(DocumentFixtures.sets(dataSource, document)).isEmpty();
    }

    static List<JobEvent> run(JobCommand command) {
        try (TopicRecording events = TestKafka.record(Topics.EVENTS)) {
            TestKafka.produce(Priority.NORMAL.commandTopic(), command.jobId().toString(), command);
            return WorkerTesting.awaitOutcome(events, command.jobId());
        }
    }

    static VectorizeResult completed(List<JobEvent> events) {
        JobEvent last = events.get(events.size() - 1);
        assertThat(last.type()).as("outcome %s", last.error()).isEqualTo(JobEventType.COMPLETED);
        return JobJsonCodec.bind(last.result(), VectorizeResult.class);
    }
}
