package dev.jobhub.api.job;

import java.util.List;

/** One page of a listing, with the numbers a client needs to page on. */
public record JobPage(List<JobView> data, Pagination pagination) {

    public record Pagination(int page, int limit, long total, long pages) {

        public static Pagination of(int page, int limit, long total) {
            return new Pagination(page, limit, total, (total + limit - 1) / limit);
        }
    }
}
