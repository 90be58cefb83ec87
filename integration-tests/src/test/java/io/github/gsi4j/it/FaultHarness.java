package io.github.gsi4j.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.gsi4j.testing.Concurrently;

/**
 * Sends the fault tests' requests (8 concurrent callers, loopback) and sums them up as one row of the fault table:
 * sent, 2xx, 4xx, 5xx, client timeouts, p50/p99 latency, degraded answers, and answers that differ from the
 * fault-free answer without being flagged as degraded.
 */
final class FaultHarness {

    static final int CALLERS = 8;
    static final String[] QUESTIONS = { "What is 2 + 2?", "What is 3 + 5?", "Is 7 prime?" };
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What GSI produced, without its timing. */
    record Result(String answer, int steps, int draftSteps, int fallbackSteps, long draftTokens, long baseTokensScored,
            long baseTokensGenerated) {
        static Result of(MathResource.Answer a) {
            return new Result(a.answer(), a.steps(), a.draftSteps(), a.fallbackSteps(), a.draftTokens(),
                    a.baseTokensScored(), a.baseTokensGenerated());
        }
    }

    /** One request's outcome. */
    record Outcome(int index, int status, long startNanos, long endNanos, String contentType, String retryAfter,
            JsonNode body, MathResource.Answer answer, boolean clientTimeout) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        boolean degraded() {
            return answer != null && answer.degraded();
        }

        String detail() {
            return body == null ? null : body.path("detail").asText(null);
        }
    }

    /** One row of the fault table. */
    record Row(String mode, int sent, int ok, int clientErrors, int serverErrors, int timeouts, long p50, long p99,
            int degraded, int wrongUnflagged) {
        String markdown() {
            return String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |", mode, sent, ok, clientErrors,
                    serverErrors, timeouts, p50, p99, degraded, wrongUnflagged);
        }
    }

    private final URI chat;
    private final Duration clientTimeout;

    FaultHarness(URI chat, Duration clientTimeout) {
        this.chat = chat;
        this.clientTimeout = clientTimeout;
    }

    /** Request {@code i}: a question and seed fixed by {@code i}. */
    Outcome ask(int i) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("messages", List.of(QUESTIONS[i % QUESTIONS.length]), "n", 4, "seed", i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(chat).timeout(clientTimeout).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            MathResource.Answer answer = r.statusCode() == 200 ? JSON.treeToValue(json, MathResource.Answer.class) : null;
            return new Outcome(i, r.statusCode(), t0, t1, r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null), json, answer, false);
        } catch (HttpTimeoutException e) {
            return new Outcome(i, -1, t0, System.nanoTime(), "", null, null, null, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a GET of {@code uri}. */
    static long status(URI uri) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Requests 0 .. CALLERS·perCaller−1 from {@link #CALLERS} callers at once. */
    List<Outcome> run(int perCaller) throws Exception {
        return Concurrently.run(CALLERS, perCaller, Duration.ofMinutes(3), this::ask);
    }

    static Row row(String mode, List<Outcome> outcomes, List<Outcome> faultFree) {
        int ok = 0;
        int clientErrors = 0;
        int serverErrors = 0;
        int timeouts = 0;
        int degraded = 0;
        int wrong = 0;
        List<Long> millis = new ArrayList<>();
        for (Outcome o : outcomes) {
            millis.add(o.millis());
            if (o.clientTimeout()) {
                timeouts++;
            } else if (o.status() >= 200 && o.status() < 300) {
                ok++;
                if (o.degraded()) {
                    degraded++;
                } else if (!Result.of(o.answer()).equals(Result.of(faultFree.get(o.index()).answer()))) {
                    wrong++;
                }
            } else if (o.status() < 500) {
                clientErrors++;
            } else {
                serverErrors++;
            }
        }
        millis.sort(null);
        return new Row(mode, outcomes.size(), ok, clientErrors, serverErrors, timeouts, percentile(millis, 0.50),
                percentile(millis, 0.99), degraded, wrong);
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    /** Prints the table and writes it to {@code target/fault-table-<name>.md}. */
    static void print(String name, String heading, List<Row> rows) {
        StringBuilder sb = new StringBuilder(heading).append('\n').append('\n')
                .append("| mode | sent | 2xx | 4xx | 5xx | timeouts | p50 ms | p99 ms | degraded | wrong-unflagged |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        rows.forEach(r -> sb.append(r.markdown()).append('\n'));
        System.out.println(sb);
        try {
            Files.writeString(Path.of("target", "fault-table-" + name + ".md"), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
