package dev.jobhub.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import dev.jobhub.api.WorkerSchema;
import dev.jobhub.api.stats.JobRows;
import dev.jobhub.embedding.EmbeddingModel;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/documents/search over vectors the real embedding model made, stored as the worker stores them (SQL into
 * worker-service's tables, its migration applied).
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class DocumentSearchTest {

    static final List<String> PLANTS = List.of(
            "Photosynthesis takes place in the chloroplasts of leaves.",
            "Chlorophyll absorbs sunlight, and carbon dioxide and water are turned into glucose and oxygen.");
    static final List<String> RATES = List.of(
            "The central bank raised its interest rate by half a percentage point to curb inflation.",
            "Mortgage payments and consumer loans became more expensive for households.");
    static final List<String> FOOTBALL = List.of(
            "The striker scored twice in the final minutes of the cup final.",
            "Supporters celebrated as the team lifted the championship trophy.");

    @Inject
    EmbeddingModel model;

    @BeforeEach
    void workerSchema() {
        WorkerSchema.ensure();
    }

    /** A completed document of {@code user} with a complete vector set of {@code chunks}; its id. */
    UUID completedDocument(String user, String filename, List<String> chunks) {
        UUID id = documentRow(user, filename, "completed");
        vectorSet(id, user, chunks, true);
        return id;
    }

    static UUID documentRow(String user, String filename, String status) {
        UUID id = UUID.randomUUID();
        JobRows.update("""
                INSERT INTO api.documents (id, user_id, filename, file_size, mime_type, status, job_id)
                VALUES (?, ?, ?, 100, 'text/plain', ?, ?)""", id, user, filename, status, UUID.randomUUID());
        return id;
    }

    void vectorSet(UUID documentId, String user, List<String> chunks, boolean complete) {
        UUID setId = UUID.randomUUID();
        JobRows.update("""
                INSERT INTO worker.document_vector_sets (id, document_id, user_id, job_id, model, dimensions,
                    chunk_count, complete, completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)""", setId, documentId, user,
                UUID.randomUUID(), model.name(), model.dimensions(), chunks.size(), complete, complete);
        List<float[]> vectors = model.embed(chunks);
        for (int i = 0; i < chunks.size(); i++) {
            float[] vector = vectors.get(i);
            String array = java.util.stream.IntStream.range(0, vector.length)
                    .mapToObj(d -> Float.toString(vector[d])).collect(Collectors.joining(",", "{", "}"));
            JobRows.update("INSERT INTO worker.document_chunks VALUES (?, ?, ?, 0, ?, ?::real[])", setId, i,
                    chunks.get(i), chunks.get(i).length(), array);
        }
    }

    static ValidatableResponse search(String user, String query, String extra) {
        return DocumentApi.search(user, "{\"query\":\"" + query + "\"" + extra + "}");
    }

    @Test
    void aParaphraseWithoutSharedKeywordsFindsTheRightDocumentFirst() {
        String user = JobRows.uniqueUser("search");
        UUID plants = completedDocument(user, "plants.txt", PLANTS);
        UUID rates = completedDocument(user, "rates.md", RATES);
        UUID football = completedDocument(user, "football.html", FOOTBALL);

        search(user, "how green vegetation makes its own food from the energy of the sun", "").statusCode(200)
                .body("results[0].documentId", equalTo(plants.toString()))
                .body("results[0].filename", equalTo("plants.txt"))
                .body("model", equalTo(model.name()))
                .body("searchedChunks", equalTo(6))
                .body("results", hasSize(5));
        search(user, "why borrowing money costs more when prices keep climbing", "").statusCode(200)
                .body("results[0].documentId", equalTo(rates.toString()))
                .body("results[0].text", org.hamcrest.Matchers.oneOf(RATES.get(0), RATES.get(1)));
        ValidatableResponse soccer = search(user, "a soccer side clinched the title late in the match", ",\"k\":2")
                .statusCode(200)
                .body("results[0].documentId", equalTo(football.toString()))
                .body("results", hasSize(2))
                .body("query", equalTo("a soccer side clinched the title late in the match"));
        List<Float> scores = soccer.extract().path("results.score");
        assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(scores.get(0)).isBetween(0.2f, 1.0f);
        int chunkIndex = soccer.extract().path("results[0].chunkIndex");
        assertThat(FOOTBALL.get(chunkIndex)).isEqualTo(soccer.extract().path("results[0].text"));
    }

    @Test
    void kAndQueryAreBoundedAndDocumentIdsFilter() {
        String user = JobRows.uniqueUser("search");
        UUID plants = completedDocument(user, "plants.txt", PLANTS);
        UUID rates = completedDocument(user, "rates.txt", RATES);
        search(user, "plants", ",\"k\":0").statusCode(400).body("errors[0].field", equalTo("k"));
        search(user, "plants", ",\"k\":51").statusCode(400).body("errors[0].field", equalTo("k"));
        // types are strict: a number in a string, a fraction, a number for text are refused, not converted
        search(user, "plants", ",\"k\":\"5\"").statusCode(400).body("errors[0].field", equalTo("k"));
        search(user, "plants", ",\"k\":2.5").statusCode(400).body("errors[0].field", equalTo("k"));
        DocumentApi.search(user, "{\"query\":123}").statusCode(400).body("errors[0].field", equalTo("query"));
        search(user, "plants", ",\"k\":50").statusCode(200).body("results", hasSize(4));
        DocumentApi.search(user, "{\"k\":3}").statusCode(400).body("errors[0].field", equalTo("query"));
        search(user, "   ", "").statusCode(400).body("errors[0].field", equalTo("query"));
        search(user, "x".repeat(2001), "").statusCode(400).body("errors[0].field", equalTo("query"));
        search(user, "plants", ",\"documentIds\":[\"nope\"]").statusCode(400)
                .body("errors[0].field", equalTo("documentIds[0]"));
        search(user, "plants", ",\"k\":\"many\"").statusCode(400).body("errors[0].field", equalTo("k"));
        DocumentApi.search(user, "not json").statusCode(400);

        // only the named document, even for a query about the other one
        search(user, "how green vegetation makes its own food", ",\"documentIds\":[\"" + rates + "\"]")
                .statusCode(200).body("results.documentId", everyItem(equalTo(rates.toString())))
                .body("searchedChunks", equalTo(2));
        search(user, "plants", ",\"documentIds\":[\"" + rates + "\",\"" + plants + "\"],\"k\":1").statusCode(200)
                .body("results", hasSize(1));
        UUID unknown = UUID.randomUUID();
        search(user, "plants", ",\"documentIds\":[\"" + unknown + "\"]").statusCode(404)
                .body("detail", containsString(unknown.toString()));
    }

    @Test
    void incompleteSetsAndUnfinishedDocumentsAreNeverSearched() {
        String user = JobRows.uniqueUser("search");
        completedDocument(user, "rates.txt", RATES);
        // a crash mid-document: its set stays incomplete, the exact query text among its chunks
        UUID crashed = documentRow(user, "crashed.txt", "completed");
        vectorSet(crashed, user, List.of("the exact query text"), false);
        // a document being re-processed keeps its old complete set, but is not searched until it completes
        UUID processing = documentRow(user, "again.txt", "processing");
        vectorSet(processing, user, List.of("the exact query text"), true);
        search(user, "the exact query text", ",\"k\":50").statusCode(200)
                .body("results.filename", everyItem(equalTo("rates.txt")))
                .body("searchedChunks", equalTo(2));
        search(user, "the exact query text", ",\"documentIds\":[\"" + processing + "\"]").statusCode(200)
                .body("results", hasSize(0)).body("searchedChunks", equalTo(0));
        // nothing completed at all: an empty answer
        search(JobRows.uniqueUser("new"), "anything", "").statusCode(200).body("results", hasSize(0))
                .body("model", equalTo(model.name()));
    }

    @Test
    void searchIsPersonalAndOthersDocumentsAre404() {
        String alice = JobRows.uniqueUser("alice");
        String bob = JobRows.uniqueUser("bob");
        UUID aliceDoc = completedDocument(alice, "alice.txt", PLANTS);
        completedDocument(bob, "bob.txt", RATES);
        search(bob, "how green vegetation makes its own food from the energy of the sun", ",\"k\":50")
                .statusCode(200).body("results.filename", everyItem(equalTo("bob.txt")))
                .body("results", hasSize(2));
        search(bob, "plants", ",\"documentIds\":[\"" + aliceDoc + "\"]").statusCode(404)
                .body("detail", containsString(aliceDoc.toString()));
        DocumentApi.get(TestTokens.user(bob), aliceDoc).statusCode(404);
        DocumentApi.delete(TestTokens.user(bob), aliceDoc).statusCode(404);
        // an admin's search is personal too
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.admin("root"))
                .contentType(io.restassured.http.ContentType.JSON)
                .body("{\"query\":\"photosynthesis\",\"documentIds\":[\"" + aliceDoc + "\"]}")
                .when().post("/api/documents/search").then().statusCode(404);
        search(alice, "photosynthesis", "").statusCode(200).body("results[0].documentId", equalTo(aliceDoc.toString()));
    }

    @Test
    void deletingADocumentRemovesItsVectorsFromSearch() {
        String user = JobRows.uniqueUser("search");
        UUID plants = completedDocument(user, "plants.txt", PLANTS);
        UUID rates = completedDocument(user, "rates.txt", RATES);
        search(user, "photosynthesis in leaves", "").statusCode(200)
                .body("results[0].documentId", equalTo(plants.toString()));

        DocumentApi.delete(TestTokens.user(user), plants).statusCode(204);

        assertThat(JobRows.count("SELECT count(*) FROM worker.document_vector_sets WHERE document_id = ?", plants))
                .isZero();
        search(user, "photosynthesis in leaves", ",\"k\":50").statusCode(200)
                .body("results.documentId", everyItem(equalTo(rates.toString())))
                .body("searchedChunks", equalTo(2));
    }

    @Test
    void withoutTheWorkerSchemaSearchFindsNothingAndDeletionWorks() {
        String user = JobRows.uniqueUser("search");
        UUID doc = completedDocument(user, "plants.txt", PLANTS);
        WorkerSchema.drop();
        try {
            search(user, "photosynthesis", "").statusCode(200).body("results", hasSize(0));
            DocumentApi.delete(TestTokens.user(user), doc).statusCode(204);
        } finally {
            WorkerSchema.apply();
        }
    }
}
