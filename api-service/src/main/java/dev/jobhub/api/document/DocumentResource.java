package dev.jobhub.api.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.api.job.JobQuery;
import dev.jobhub.api.job.JobSubmissionValidator;
import dev.jobhub.support.http.RequestBodies;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.support.http.NulScanner;
import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import dev.jobhub.support.security.CurrentUser;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Uploaded documents, their vectorization status and the search over their vectors. A user sees only their own
 * documents (admins everyone's, except in search, which is personal); another user's document answers 404.
 */
@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    static final int MAX_METADATA_BYTES = 16 * 1024;
    static final int MAX_LIMIT = 100;

    private final DocumentIntake intake;
    private final DocumentService documents;
    private final DocumentSearch search;
    private final CurrentUser user;
    private final Vertx vertx;
    private final long maxFileSize;

    public DocumentResource(DocumentIntake intake, DocumentService documents, DocumentSearch search,
            CurrentUser user, Vertx vertx, DocumentsConfig config) {
        this.intake = intake;
        this.documents = documents;
        this.search = search;
        this.user = user;
        this.vertx = vertx;
        this.maxFileSize = config.maxFileSize().asLongValue();
    }

    /**
     * multipart/form-data: {@code file} (required), {@code metadata} (a JSON object, at most 16 KiB),
     * {@code chunkSize}, {@code chunkOverlap}. Everything is checked before the stored file is read; the file is
     * read without blocking and its content detected off the event loop.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") FileUpload file, @RestForm("metadata") String metadata,
            @RestForm("chunkSize") String chunkSize, @RestForm("chunkOverlap") String chunkOverlap) {
        if (file == null) {
            throw ProblemException.badRequest("the multipart part 'file' is required", "file");
        }
        if (file.size() > maxFileSize) {
            throw new ProblemException(Problem.of(413,
                    "file larger than " + size(maxFileSize), List.of(new Problem.FieldError("file",
                            "must be at most " + size(maxFileSize)))));
        }
        JsonNode meta = metadata(metadata);
        UUID documentId = UUID.randomUUID();
        // the ranges are the job type's: its validation names these fields
        JobSubmissionValidator.ValidSubmission job = intake.job(documentId, optionalInt("chunkSize", chunkSize),
                optionalInt("chunkOverlap", chunkOverlap));
        String filename = DocumentFileName.of(file.fileName());
        String declaredType = file.contentType();
        String userId = user.id();
        return vertx.fileSystem().readFile(file.uploadedFile().toString())
                .flatMap(buffer -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    byte[] content = buffer.getBytes();
                    String mimeType = DocumentTypeDetector.detect(content, filename, declaredType);
                    return new DocumentIntake.Upload(documentId, filename, mimeType, meta, content);
                })))
                .flatMap(upload -> intake.store(userId, upload, job))
                .invoke(accepted -> Log.infof("document %s (%s, %d bytes) of %s queued as job %s", documentId,
                        filename, accepted.fileSize(), userId, accepted.jobId()))
                .map(accepted -> Response.accepted(accepted).location(URI.create("/api/documents/" + documentId))
                        .build());
    }

    @GET
    public Uni<DocumentPage> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("status") String status) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int parsedPage = JobQuery.integer("page", page, 1, 1, Integer.MAX_VALUE, errors);
        int parsedLimit = JobQuery.integer("limit", limit, 20, 1, MAX_LIMIT, errors);
        String wanted = blank(status) ? null : status.trim();
        if (wanted != null && !Document.STATUSES.contains(wanted)) {
            errors.add(new Problem.FieldError("status", "must be one of " + Document.STATUSES));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid query: '" + errors.get(0).field() + "' "
                    + errors.get(0).message(), errors));
        }
        return documents.list(owner(), wanted, parsedPage, parsedLimit);
    }

    @GET
    @Path("/{id}")
    public Uni<DocumentView> get(@PathParam("id") String id) {
        return documents.find(owner(), parseId(id));
    }

    /** The same view as {@code GET /api/documents/{id}}, the path the issue names for polling. */
    @GET
    @Path("/{id}/status")
    public Uni<DocumentView> status(@PathParam("id") String id) {
        return get(id);
    }

    /**
     * Deletes the document, its bytes and its vectors, then cancels its job if unfinished: the job then finds no
     * document, so no notification is sent for it.
     */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID documentId = parseId(id);
        String callerId = user.id();
        boolean admin = user.isAdmin();
        String reason = "document deleted by " + (admin ? "admin " : "user ") + callerId;
        return documents.delete(admin ? null : callerId, documentId, reason)
                .map(deleted -> Response.noContent().build());
    }

    /** {@code {query, k?, documentIds?}}: the caller's own completed documents only, whoever calls. */
    @POST
    @Path("/search")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public DocumentSearch.Answer search(String body) {
        return search.search(user.id(), RequestBodies.read(body, SearchRequest.class).validate());
    }

    private String owner() {
        return user.isAdmin() ? null : user.id();
    }

    private static JsonNode metadata(String metadata) {
        if (blank(metadata)) {
            return JobJsonCodec.mapper().createObjectNode();
        }
        if (metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw ProblemException.badRequest("'metadata' must be at most 16 KiB of JSON", "metadata");
        }
        if (NulScanner.containsNul(metadata)) {
            throw ProblemException.badRequest("'metadata' must not contain a NUL character (U+0000)", "metadata");
        }
        JsonNode node;
        try {
            node = JobJsonCodec.mapper().readTree(metadata);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("'metadata' must be a JSON object (malformed JSON)", "metadata");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("'metadata' must be a JSON object", "metadata");
        }
        return node;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DocumentService.notFound(id);
        }
    }

    private static Integer optionalInt(String field, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("'" + field + "' must be an integer", field);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** 20 MiB, 512 KiB or 1000 bytes. */
    static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
