package io.github.gsi4j.quarkus.runtime;

import java.util.OptionalInt;

import io.github.gsi4j.core.DraftModel;
import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.langchain4j.ChatTemplate;
import io.github.gsi4j.vllm.VllmTokenizer;

/**
 * A configured draft and what the rest of the assembly needs from it.
 *
 * @param model the draft model
 * @param name names the draft in messages
 * @param probeIds the draft tokenizer's ids of the tokenizer probe text
 * @param jlama the Jlama model of an in-JVM draft, null for a served one
 * @param template the draft's own chat template (Jlama's, or a tokenizer folder's), null when a server renders
 * @param server the draft server's tokenizer, null for an in-JVM draft
 * @param contextLength the draft's context window, if known
 */
record DraftParts(DraftModel model, String name, int[] probeIds, JlamaModel jlama, ChatTemplate template,
        VllmTokenizer server, OptionalInt contextLength) {
}
