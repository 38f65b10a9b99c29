package dev.jobhub.notify.inapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.notify.inapp.NotificationRepository.ReadFilter;
import dev.jobhub.support.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageRequestTest {

    @Test
    void defaultsToTheFirstPageOfTwentyOfAll() {
        assertThat(PageRequest.parse(null, null, null, null, null))
                .isEqualTo(new PageRequest(1, 20, ReadFilter.ALL, null));
    }

    @Test
    void readsEveryParameter() {
        assertThat(PageRequest.parse("3", "100", null, "true", null))
                .isEqualTo(new PageRequest(3, 100, ReadFilter.UNREAD, null));
        assertThat(PageRequest.parse("1", "1", null, "false", "job_failed"))
                .isEqualTo(new PageRequest(1, 1, ReadFilter.READ, NotificationType.JOB_FAILED));
        assertThat(PageRequest.parse("1", "1", "true", null, null))
                .isEqualTo(new PageRequest(1, 1, ReadFilter.READ, null));
        assertThat(PageRequest.parse("1", "1", "false", null, null))
                .isEqualTo(new PageRequest(1, 1, ReadFilter.UNREAD, null));
    }

    @ParameterizedTest
    @CsvSource({ "0,20,,,,page", "-1,20,,,,page", "x,20,,,,page", "1,0,,,,limit", "1,101,,,,limit",
            "1,ten,,,,limit", "1,20,,maybe,,unread", "1,20,maybe,,,read", "1,20,true,true,,unread",
            "1,20,,,job.completed,type" })
    void rejectsWhatIsOutOfRangeNamingTheParameter(String page, String limit, String read, String unread,
            String type, String field) {
        assertThatThrownBy(() -> PageRequest.parse(page, limit, read, unread, type))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(error -> error.field()).containsExactly(field);
                });
    }

    @Test
    void countsPagesRoundingUp() {
        PageRequest request = new PageRequest(1, 20, ReadFilter.ALL, null);
        assertThat(request.pages(0)).isZero();
        assertThat(request.pages(20)).isEqualTo(1);
        assertThat(request.pages(21)).isEqualTo(2);
        assertThat(request.index()).isZero();
    }
}
