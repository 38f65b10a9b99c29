package dev.jobhub.stack.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Did every accepted job complete exactly once? Judged by job id from the {@code job.completed} events seen on the
 * WebSocket; a job not seen there is looked up once through the REST API.
 *
 * @param completedOnce          accepted jobs with exactly one {@code job.completed} seen
 * @param duplicated             accepted jobs with more than one {@code job.completed} seen
 * @param duplicatedRuns         of those, jobs whose completions were distinct events (the job ran to completion
 *                               more than once); the rest got the same event pushed twice
 * @param pushLost               completed according to REST, but its {@code job.completed} never reached the socket
 * @param lost                   accepted but not completed, by their REST state at the end
 * @param notChecked             not seen and not looked up within the time allowed for the check
 * @param completedUnknownJobs   completions of jobs whose submit answer never arrived (timeouts)
 */
record Correctness(int accepted, int completedOnce, int duplicated, int duplicatedRuns, int pushLost, int lost,
        Map<String, Integer> lostByState, int notChecked, int completedUnknownJobs, List<String> lostIds,
        List<String> duplicatedIds) {

    @JsonProperty("ok")
    boolean ok() {
        return lost == 0 && duplicated == 0 && notChecked == 0;
    }

    String summary() {
        return String.format("accepted %,d: completed once %,d, lost %,d%s, duplicated %,d%s, completed in REST but "
                        + "not seen on the socket %,d%s%s",
                accepted, completedOnce, lost, lostByState.isEmpty() ? "" : " " + lostByState,
                duplicated, duplicated == 0 ? "" : " (" + duplicatedRuns + " ran twice)", pushLost,
                notChecked == 0 ? "" : String.format(", NOT CHECKED %,d", notChecked),
                completedUnknownJobs == 0 ? "" : String.format(", completions of jobs whose answer was lost %,d",
                        completedUnknownJobs));
    }
}
