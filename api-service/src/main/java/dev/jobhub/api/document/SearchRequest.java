package dev.jobhub.api.document;

import dev.jobhub.support.problem.Problem;
import dev.jobhub.support.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/documents/search}, as sent: {@code {query, k?, documentIds?}}. */
public record SearchRequest(String query, Integer k, List<String> documentIds) {

    static final int MAX_QUERY_LENGTH = 2000;
    static final int DEFAULT_K = 5;
    static final int MAX_K = 50;
    static final int MAX_DOCUMENT_IDS = 1000;

    /** A checked request; {@code documentIds} null means all the caller's documents. */
    public record Valid(String query, int k, List<UUID> documentIds) {
    }

    /** The request checked: a 400 names every wrong field. */
    public Valid validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (query == null || query.isBlank()) {
            errors.add(new Problem.FieldError("query", "is required and must contain text"));
        } else if (query.length() > MAX_QUERY_LENGTH) {
            errors.add(new Problem.FieldError("query", "must be at most " + MAX_QUERY_LENGTH + " characters"));
        }
        if (k != null && (k < 1 || k > MAX_K)) {
            errors.add(new Problem.FieldError("k", "must be between 1 and " + MAX_K));
        }
        List<UUID> ids = null;
        if (documentIds != null) {
            if (documentIds.size() > MAX_DOCUMENT_IDS) {
                errors.add(new Problem.FieldError("documentIds", "must name at most " + MAX_DOCUMENT_IDS
                        + " documents"));
            } else {
                LinkedHashSet<UUID> unique = new LinkedHashSet<>();
                for (int i = 0; i < documentIds.size(); i++) {
                    try {
                        unique.add(UUID.fromString(String.valueOf(documentIds.get(i))));
                    } catch (IllegalArgumentException e) {
                        errors.add(new Problem.FieldError("documentIds[" + i + "]", "must be a document id"));
                    }
                }
                ids = List.copyOf(unique);
            }
        }
        if (!errors.isEmpty()) {
            Problem.FieldError first = errors.get(0);
            throw new ProblemException(Problem.invalid("invalid search: '" + first.field() + "' " + first.message(),
                    errors));
        }
        return new Valid(query, k == null ? DEFAULT_K : k, ids);
    }
}
