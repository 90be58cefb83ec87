package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same application with its base model on a (stub) vLLM server, by configuration alone. */
@QuarkusTest
@TestProfile(StubVllmBase.class)
class VllmBaseTest {

    StubServer vllm;

    @Test
    void theBaseModelIsScoredOverHttpAndCheckedAtStartUp() {
        MathResource.Answer a = given().queryParam("q", "What is 2 + 2?").get("/math").then().statusCode(200)
                .extract().as(MathResource.Answer.class);

        assertThat(a.steps()).isPositive();
        assertThat(a.baseTokensScored()).isEqualTo(a.draftTokens()).isPositive();
        assertThat(vllm.requests("/v1/models")).hasSize(1);
        assertThat(vllm.requests("/tokenize")).hasSize(1);
        var scoring = vllm.requests("/v1/completions").stream().filter(r -> r.json().has("echo")).toList();
        assertThat(scoring).hasSizeGreaterThanOrEqualTo(a.steps());
        assertThat(scoring.get(0).json().get("model").asText()).isEqualTo(StubVllmBase.MODEL);
    }
}
