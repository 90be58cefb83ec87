package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The vLLM base server behind HTTPS with a self-signed certificate, trusted only through the TLS configuration
 * named by {@code quarkus.langchain4j.gsi.base.tls-configuration-name} (the JVM's trust store does not know it).
 */
@QuarkusTest
@TestProfile(StubVllmBase.Https.class)
class VllmHttpsBaseTest {

    StubServer vllm;

    @Test
    void theBaseModelIsReachedOverHttpsWithTheRegistrysTrustStore() {
        assertThat(vllm.url()).startsWith("https://");
        MathResource.Answer a = given().queryParam("q", "What is 2 + 2?").get("/math").then().statusCode(200)
                .extract().as(MathResource.Answer.class);

        assertThat(a.baseTokensScored()).isEqualTo(a.draftTokens()).isPositive();
        assertThat(vllm.requests("/tokenize")).as("the start-up check went over TLS").hasSize(1);
        assertThat(vllm.requests("/v1/completions")).hasSizeGreaterThanOrEqualTo(a.steps());
    }
}
