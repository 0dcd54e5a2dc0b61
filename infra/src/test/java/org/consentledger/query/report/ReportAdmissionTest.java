package org.consentledger.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Reports and lineage graphs of large subjects take turns; small subjects' ones do not wait behind them. */
class ReportAdmissionTest {

    private final ReportAdmission admission = new ReportAdmission(1, 1, subject -> subject.startsWith("large"));
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final List<String> building = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void aSmallSubjectsReportDoesNotWaitBehindALargeOneAndASecondLargeOneDoes() throws Exception {
        Future<?> first = request("large-1", "report", firstMayFinish);
        await().atMost(Duration.ofSeconds(5)).until(() -> building.contains("large-1"));

        request("small%20one", "lineage", new CountDownLatch(0)).get(5, TimeUnit.SECONDS);
        assertThat(building).containsExactly("large-1", "small one");

        Future<?> second = request("large-2", "report", new CountDownLatch(0));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !building.contains("large-2"));
        firstMayFinish.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(building).containsExactly("large-1", "small one", "large-2");
    }

    @Test
    void otherRequestsPassWithoutATurn() throws Exception {
        request("large-1", "report", firstMayFinish);
        await().atMost(Duration.ofSeconds(5)).until(() -> building.contains("large-1"));

        MockHttpServletResponse response = new MockHttpServletResponse();
        admission.doFilter(new MockHttpServletRequest("GET", "/api/v1/subjects/large-2/holdings"), response,
                (request, ignored) -> building.add("holdings"));
        assertThat(building).containsExactly("large-1", "holdings");
        firstMayFinish.countDown();
    }

    /** A request whose building records the subject and then waits for {@code finish}. */
    private Future<?> request(String subject, String answer, CountDownLatch finish) {
        return clients.submit(() -> {
            admission.doFilter(new MockHttpServletRequest("GET", "/api/v1/subjects/" + subject + "/" + answer),
                    new MockHttpServletResponse(), (request, response) -> {
                        building.add(subjectOf(request));
                        try {
                            finish.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            return null;
        });
    }

    private static String subjectOf(ServletRequest request) {
        String path = ((HttpServletRequest) request).getRequestURI();
        return URLDecoder.decode(path.split("/")[4], StandardCharsets.UTF_8);
    }
}
