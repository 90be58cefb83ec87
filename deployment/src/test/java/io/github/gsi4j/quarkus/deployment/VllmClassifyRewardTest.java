package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.model.chat.ChatModel;
import io.github.gsi4j.core.StepTrace;
import io.github.gsi4j.langchain4j.GsiChatResponseMetadata;
import io.github.gsi4j.testing.StubServer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code reward.type=vllm-classify} against a loopback stub speaking vLLM's {@code /classify} format: each reward
 * is the probability of {@code reward.positive-class} (here class 0, so a scorer that ignored the property and took
 * class 1 would see 0.7, not 0.3), for inputs that carry the question and the candidate; the stub refuses
 * requests for another model or without the question.
 */
class VllmClassifyRewardTest {

    static final String MODEL = "acme/outcome-reward-1.5b";
    static final double CLASS_0 = 0.3;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String ORM = TinyApp.stubOnce("orm", () -> new StubServer().handle("/classify", r -> {
        JsonNode body = r.json();
        if (!MODEL.equals(body.path("model").asText())) {
            return StubServer.Answer.status(404, "{\"object\":\"error\",\"message\":\"no such model\",\"code\":404}");
        }
        ObjectNode root = JSON.createObjectNode().put("object", "list").put("model", MODEL);
        ArrayNode data = root.putArray("data");
        JsonNode inputs = body.get("input");
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).asText().startsWith("What is 2 + 2?\n\n")) {
                return StubServer.Answer.status(400, "{\"object\":\"error\",\"message\":\"no question\",\"code\":400}");
            }
            data.addObject().put("index", i).put("label", "LABEL_1").put("num_classes", 2).putArray("probs")
                    .add(CLASS_0).add(1 - CLASS_0);
        }
        return StubServer.Answer.json(root.toString());
    }));

    @RegisterExtension
    static final QuarkusUnitTest app = TinyApp.small()
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.type", "vllm-classify")
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.url", ORM)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.model", MODEL)
            .overrideConfigKey("quarkus.langchain4j.gsi.reward.positive-class", "0");

    @Inject
    ChatModel chatModel;

    @Test
    void rewardsAreTheConfiguredClassProbabilities() {
        GsiChatResponseMetadata meta = TinyApp.askTraced(chatModel);

        assertThat(meta.trace()).isNotEmpty();
        for (StepTrace step : meta.trace()) {
            double[] rewards = TinyApp.chosenFrom(step);
            assertThat(rewards).isNotEmpty().containsOnly(new double[] { CLASS_0 }, within(1e-12));
        }
        assertThat(meta.stats().degraded()).isFalse();
    }
}
