package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Bad input gets HTTP 400 with a message, and the application keeps answering good requests. */
@QuarkusTest
class BadInputTest {

    @AfterEach
    void stillServing() {
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of("What is 2 + 2?"), "n", 3))
                .post("/math/chat").then().statusCode(200).body("answer", equalTo(" The answer is 4.\n\n"));
    }

    static void rejected(Object body, String message) {
        given().contentType(ContentType.JSON).body(body).post("/math/chat").then().statusCode(400)
                .body("error", containsString(message));
    }

    @Test
    void emptyBody() {
        given().contentType(ContentType.JSON).post("/math/chat").then().statusCode(400)
                .body("error", containsString("messages"));
    }

    @Test
    void aPromptFarBeyondTheContextWindow() {
        rejected(Map.of("messages", List.of("x".repeat(1_000_000))), "context window");
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
    void unknownPolicy() {
        rejected(Map.of("messages", List.of("What is 2 + 2?"), "policy", "best-guess"), "unknown policy 'best-guess'");
    }
}
