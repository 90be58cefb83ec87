package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Bad input gets HTTP 400 (or the framework's 405, 413, 415) with a problem body (RFC 9457: type, title, status,
 * detail), and the application keeps answering good requests.
 */
@QuarkusTest
class BadInputTest {

    @AfterEach
    void stillServing() {
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of("What is 2 + 2?"), "n", 3))
                .post("/math/chat").then().statusCode(200).body("answer", equalTo(" The answer is 4.\n\n"))
                .body("degraded", equalTo(false));
    }

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("title", not(emptyOrNullString())).body("detail", not(emptyOrNullString()));
    }

    static void rejected(Object body, String message) {
        problem(given().contentType(ContentType.JSON).body(body).post("/math/chat").then(), 400)
                .body("detail", containsString(message));
    }

    @Test
    void emptyBody() {
        problem(given().contentType(ContentType.JSON).post("/math/chat").then(), 400)
                .body("detail", containsString("messages"));
    }

    @Test
    void aPromptFarBeyondTheContextWindow() {
        rejected(Map.of("messages", List.of("x".repeat(1_000_000))), "context window");
    }

    @Test
    void aPromptOfManyShortWordsIsCountedOnlyUpToTheContextWindow() {
        // passes the length bound (characters / longest token) but has far more tokens than the window
        rejected(Map.of("messages", List.of("ab cd ".repeat(20_000))), "has at least");
    }

    @Test
    void tenThousandMessages() {
        rejected(Map.of("messages", Collections.nCopies(10_000, "hi")), "at most 1000 messages");
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreAnswered() {
        // valid JSON escapes for NUL, BEL, ESC, a lone high surrogate and a lone low surrogate
        String body = "{\"messages\": [\"What\\u0000 is\\u0007 2\\u001b + 2?\\ud800 \\udc00\"]}";
        given().contentType(ContentType.JSON).body(body).post("/math/chat").then().statusCode(200)
                .body("steps", greaterThan(0));
    }

    @Test
    void negativeN() {
        rejected(Map.of("messages", List.of("What is 2 + 2?"), "n", -1), "n must be in [1, 4096]");
    }

    @Test
    void moreCandidatesThanMaxN() {
        rejected(Map.of("messages", List.of("What is 2 + 2?"), "n", 4096), "more than the 64 candidates");
    }

    @Test
    void unknownPolicy() {
        rejected(Map.of("messages", List.of("What is 2 + 2?"), "policy", "best-guess"), "unknown policy 'best-guess'");
    }

    @Test
    void malformedJson() {
        problem(given().contentType(ContentType.JSON).body("{\"messages\": [\"hi\"").post("/math/chat").then(), 400);
    }

    @Test
    void invalidUtf8() {
        byte[] body = "{\"messages\": [\"caf\u00e9\"]}".getBytes(StandardCharsets.ISO_8859_1); // a lone 0xE9 byte
        problem(given().contentType(ContentType.JSON).body(body).post("/math/chat").then(), 400);
    }

    @Test
    void wrongMethodAndMediaTypeAndSize() {
        problem(given().get("/math/chat").then(), 405);
        problem(given().contentType(ContentType.TEXT).body("What is 2 + 2?").post("/math/chat").then(), 415);
        problem(given().contentType(ContentType.JSON).body("{\"messages\": [\"" + "x".repeat(3_000_000) + "\"]}")
                .post("/math/chat").then(), 413);
    }
}
