package io.github.gsi4j.quarkus.runtime;

import static io.github.gsi4j.quarkus.runtime.ConfigErrors.invalid;
import static io.github.gsi4j.quarkus.runtime.ConfigErrors.required;
import static io.github.gsi4j.quarkus.runtime.ConfigErrors.set;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.http.JsonHttpClient;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.quarkus.runtime.config.DraftConfig;
import io.github.gsi4j.tokenizer.ChatTokenizer;
import io.github.gsi4j.tokenizer.TokenizerProbe;
import io.github.gsi4j.vllm.VllmDraftModel;
import io.github.gsi4j.vllm.VllmTokenizer;

/**
 * A draft served by vLLM ({@code draft.type=vllm}): its client from the draft's server properties, the start-up
 * checks (the server serves {@code draft.model}, and its log-probabilities are the {@code draft.logprobs} it is
 * configured for), and its context window; its prompts are rendered from {@code draft.tokenizer} when set.
 */
final class ServedDraftAssembly {

    private final DraftConfig config;
    private final String prefix;
    private final ServerClients servers;

    ServedDraftAssembly(DraftConfig config, String prefix, ServerClients servers) {
        this.config = config;
        this.prefix = prefix;
        this.servers = servers;
    }

    /**
     * The checked draft, for requests with {@code options}; {@code probe} is the tokenizer probe text. Its server is
     * handed to {@code registered} (the health checks), then waited for ({@code draft.startup-timeout}).
     */
    DraftParts build(GsiOptions options, String probe, java.util.function.Consumer<JsonHttpClient> registered) {
        String model = required(config.model(), prefix + "draft.model", "when " + prefix + "draft.type=vllm: the served "
                + "model name");
        if (config.replicas() != 1) {
            throw invalid(prefix + "draft.replicas", "applies to draft.type=jlama; a vLLM server batches requests itself",
                    null);
        }
        JsonHttpClient http = servers.client(config, prefix + "draft.", "vllm", "draft model '" + model + "'");
        registered.accept(http);
        ServerClients.awaitUp(http, config, prefix + "draft.");
        ProposalDensity served = config.logprobs() == DraftConfig.Logprobs.RAW ? ProposalDensity.RAW : ProposalDensity.EXACT;
        VllmDraftModel draft = new VllmDraftModel(http, model, served);
        set(prefix + "draft.logprobs", () -> draft.checkDensity(options.sampling().draft(options.limits().maxStepTokens())));
        VllmTokenizer tokenizer = new VllmTokenizer(http, model);
        int[] probeIds = tokenizer.encode(probe);
        draft.verify(probeIds);
        OptionalInt context = tokenizer.maxModelLen();
        ChatTemplate template = config.tokenizer().isPresent()
                ? localTemplate(config.tokenizer().get(), model, probeIds, context)
                : null;
        return new DraftParts(draft, model + " at " + tokenizer.baseUrl(), probeIds, null, template, tokenizer, context);
    }

    /**
     * The chat template of the local tokenizer folder {@code draft.tokenizer}, after checking that it encodes the
     * tokenizer probe exactly as the draft server does.
     */
    private ChatTemplate localTemplate(Path folder, String model, int[] serverProbeIds, OptionalInt context) {
        String property = prefix + "draft.tokenizer";
        ChatTokenizer local;
        try {
            local = ChatTokenizer.load(folder);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw invalid(property, e.getMessage(), e);
        }
        if (!Arrays.equals(TokenizerProbe.ids(local), serverProbeIds)) {
            throw invalid(property, "the tokenizer in " + folder + " encodes the probe text differently from the draft "
                    + "server's model " + model + "; it must be that model's own tokenizer", null);
        }
        return ChatTemplate.of(local, context.orElse(Integer.MAX_VALUE));
    }
}
