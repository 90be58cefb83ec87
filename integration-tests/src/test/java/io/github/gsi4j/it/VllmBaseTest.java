package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
        assertThat(vllm.requests("/v1/models")).as("the start-up wait's probe, the served-model check and the context "
                + "window").hasSize(3);
        assertThat(vllm.requests("/tokenize")).hasSize(1);
        var scoring = vllm.requests("/v1/completions").stream().filter(r -> r.json().has("echo")).toList();
        assertThat(scoring).hasSizeGreaterThanOrEqualTo(a.steps());
        assertThat(scoring.get(0).json().get("model").asText()).isEqualTo(StubVllmBase.MODEL);
    }

    @Test
    void theApiKeyIsSentButNeverLoggedOrExposed() throws Exception {
        given().queryParam("q", "What is 2 + 2?").get("/math").then().statusCode(200);

        assertThat(vllm.requests("/v1/completions")).allSatisfy(
                r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + StubVllmBase.API_KEY));
        String log = Files.readString(Path.of(StubVllmBase.LOG_FILE));
        assertThat(log).as("requests and responses are logged").contains("GSI request (").contains("GSI response (");
        assertThat(log).as("the base server's HTTP traffic is logged")
                .contains("GSI request POST " + vllm.url() + "/v1/completions {")
                .contains("GSI response 200 " + vllm.url() + "/v1/completions {");
        assertThat(log).doesNotContain(StubVllmBase.API_KEY);
        assertThat(given().get("/q/metrics").then().extract().asString()).doesNotContain(StubVllmBase.API_KEY);
    }
}
