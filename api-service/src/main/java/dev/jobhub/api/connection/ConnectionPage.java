package dev.jobhub.api.connection;

import dev.jobhub.api.job.JobPage;
import java.util.List;

/** One page of {@code GET /api/connections}, paginated like {@code GET /api/jobs}. */
public record ConnectionPage(List<ConnectionView> data, JobPage.Pagination pagination) {
}
