package dev.jobhub.api.document;

import dev.jobhub.api.job.JobPage;
import java.util.List;

/** One page of {@code GET /api/documents}, paginated like {@code GET /api/jobs}. */
public record DocumentPage(List<DocumentView> data, JobPage.Pagination pagination) {
}
