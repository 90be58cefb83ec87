package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * 32 clients × 20 requests through the REST endpoint, all on the application's one GSI model: every request
 * answers 200, and each answer and its statistics equal those of the same request sent alone.
 */
@QuarkusTest
class ConcurrentRequestsTest {

    static final int CLIENTS = 32;
    static final int REQUESTS_PER_CLIENT = 20;
    static final String[] QUESTIONS = { "What is 2 + 2?", "What is 3 + 5?", "Is 7 prime?" };

    /** An answer without its timing (the only part that may depend on concurrency). */
    record Outcome(String answer, int steps, int draftSteps, int fallbackSteps, long draftTokens, long baseTokensScored,
            long baseTokensGenerated) {
        static Outcome of(MathResource.Answer a) {
            return new Outcome(a.answer(), a.steps(), a.draftSteps(), a.fallbackSteps(), a.draftTokens(),
                    a.baseTokensScored(), a.baseTokensGenerated());
        }
    }

    @Test
    void concurrentRequestsAnswerAsTheyDoAlone() throws Exception {
        int total = CLIENTS * REQUESTS_PER_CLIENT;
        List<Outcome> alone = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            alone.add(ask(i));
        }

        List<Outcome> together = Concurrently.run(CLIENTS, REQUESTS_PER_CLIENT, Duration.ofMinutes(5),
                ConcurrentRequestsTest::ask);
        long differing = 0;
        for (int i = 0; i < total; i++) {
            differing += together.get(i).equals(alone.get(i)) ? 0 : 1;
        }
        System.out.printf("REST concurrency: %d clients x %d requests, %d distinct outcomes, %d differ from the "
                + "sequential run%n", CLIENTS, REQUESTS_PER_CLIENT, alone.stream().distinct().count(), differing);
        assertThat(together).containsExactlyElementsOf(alone);
        assertThat(alone.stream().distinct().count()).as("seeds and questions vary the outcomes").isGreaterThan(total / 10);
    }

    static Outcome ask(int i) {
        MathResource.Answer a = given().contentType(ContentType.JSON)
                .body(Map.of("messages", List.of(QUESTIONS[i % QUESTIONS.length]), "n", 2, "seed", i))
                .post("/math/chat").then().statusCode(200).extract().as(MathResource.Answer.class);
        return Outcome.of(a);
    }
}
