package io.github.gsi4j.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.langchain4j.ModelName;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MathResourceTest {

    @Inject
    ReadableStepReward reward;

    @Inject
    @ModelName("tutor")
    TutorReward tutorReward;

    @Test
    void theAiServiceAnswersThroughGsiWithTheApplicationsReward() {
        long before = reward.calls();
        MathResource.Answer a = given().queryParam("q", "What is 2 + 2?").get("/math").then().statusCode(200)
                .extract().as(MathResource.Answer.class);

        assertThat(a.answer()).isEqualTo(" The answer is 4.\n\n");
        assertThat(a.policy()).isEqualTo("GSI");
        assertThat(a.steps()).isPositive();
        assertThat(a.draftSteps() + a.fallbackSteps()).isEqualTo(a.steps());
        assertThat(a.draftTokens()).isPositive();
        assertThat(a.baseTokensScored()).isEqualTo(a.draftTokens());
        assertThat(reward.calls() - before).isGreaterThanOrEqualTo(a.steps());
    }

    @Test
    void theNamedModelHasItsOwnPolicyAndReward() {
        long before = tutorReward.calls();
        long defaultBefore = reward.calls();
        MathResource.Answer a = given().queryParam("q", "What is 2 + 2?").get("/math/tutor").then().statusCode(200)
                .extract().as(MathResource.Answer.class);

        assertThat(a.policy()).isEqualTo("SOFT_BON_BASE");
        assertThat(a.fallbackSteps()).isEqualTo(a.steps()).isPositive();
        assertThat(a.draftTokens()).isZero();
        assertThat(a.baseTokensGenerated()).isPositive();
        assertThat(tutorReward.calls() - before).isEqualTo(a.steps());
        assertThat(reward.calls()).isEqualTo(defaultBefore);
    }

    @Test
    void oneAiServiceMethodDecodesWithTheGsiModelNamedPerCall() {
        long tutorBefore = tutorReward.calls();
        MathResource.Answer byDefault = given().queryParam("q", "What is 2 + 2?").get("/math/routed").then()
                .statusCode(200).extract().as(MathResource.Answer.class);
        assertThat(byDefault.policy()).isEqualTo("GSI");
        assertThat(byDefault.draftTokens()).isPositive();
        assertThat(tutorReward.calls()).isEqualTo(tutorBefore);

        MathResource.Answer tutored = given().queryParam("q", "What is 2 + 2?").queryParam("model", "tutor")
                .get("/math/routed").then().statusCode(200).extract().as(MathResource.Answer.class);
        assertThat(tutored.policy()).isEqualTo("SOFT_BON_BASE");
        assertThat(tutored.fallbackSteps()).isEqualTo(tutored.steps()).isPositive();
        assertThat(tutorReward.calls() - tutorBefore).isEqualTo(tutored.steps());
    }

    @Test
    void gsiMetersMoveWithEachAnswer() {
        double before = meter("gsi_steps_total{model=\"gsi\",outcome=\"draft\"}");
        MathResource.Answer a = given().queryParam("q", "What is 2 + 2?").get("/math").then().statusCode(200)
                .extract().as(MathResource.Answer.class);
        assertThat(meter("gsi_steps_total{model=\"gsi\",outcome=\"draft\"}") - before).isEqualTo(a.draftSteps());
        assertThat(meter("gsi_tokens_total{kind=\"draft\",model=\"gsi\"}")).isGreaterThanOrEqualTo(a.draftTokens());
        assertThat(meter("gsi_phase_seconds_count{model=\"gsi\",phase=\"draft\"}")).isPositive();
        assertThat(meter("gsi_acceptance_ratio_count{model=\"gsi\"}")).isPositive();
    }

    /** A Prometheus sample's value from /q/metrics, 0 when absent. */
    static double meter(String sample) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
