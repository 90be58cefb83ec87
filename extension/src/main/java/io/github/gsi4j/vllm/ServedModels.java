package io.github.gsi4j.vllm;

import java.util.List;

import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.vllm.api.ModelsResponse;

/** The start-up check that a vLLM server serves the configured model. */
final class ServedModels {

    private ServedModels() {
    }

    /**
     * @param role "base" or "draft", for the message
     * @throws GsiException naming what the server serves when {@code model} is not among them
     */
    static void require(JsonHttpClient http, String model, String role) {
        ModelsResponse models = http.get("/v1/models", ModelsResponse.class);
        List<String> served = models.data() == null ? List.of()
                : models.data().stream().map(ModelsResponse.Model::id).toList();
        if (!served.contains(model)) {
            throw new GsiException("The " + role + " server " + http.endpoint().baseUrl() + " serves " + served
                    + ", not '" + model + "': check the configured " + role + " model name");
        }
    }
}
