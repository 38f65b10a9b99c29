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
        assertThat(PageRequest.parse(null, null, null)).isEqualTo(new PageRequest(1, 20, ReadFilter.ALL));
    }

    @Test
    void readsEveryParameter() {
        assertThat(PageRequest.parse("3", "100", "true")).isEqualTo(new PageRequest(3, 100, ReadFilter.UNREAD));
        assertThat(PageRequest.parse("1", "1", "false")).isEqualTo(new PageRequest(1, 1, ReadFilter.READ));
    }

    @ParameterizedTest
    @CsvSource({ "0,20,,page", "-1,20,,page", "x,20,,page", "1,0,,limit", "1,101,,limit", "1,ten,,limit",
            "1,20,maybe,unread" })
    void rejectsWhatIsOutOfRangeNamingTheParameter(String page, String limit, String unread, String field) {
        assertThatThrownBy(() -> PageRequest.parse(page, limit, unread))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(error -> error.field()).containsExactly(field);
                });
    }

    @Test
    void countsPagesRoundingUp() {
        PageRequest request = new PageRequest(1, 20, ReadFilter.ALL);
        assertThat(request.pages(0)).isZero();
        assertThat(request.pages(20)).isEqualTo(1);
        assertThat(request.pages(21)).isEqualTo(2);
        assertThat(request.index()).isZero();
    }
}
