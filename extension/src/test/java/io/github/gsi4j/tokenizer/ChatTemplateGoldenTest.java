package io.github.gsi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every corpus conversation renders, with each real chat template, to the text {@code @huggingface/jinja}
 * rendered, and encodes to the reference ids: those of Hugging Face's tokenizer on that text, where typed
 * special tokens in user and system content are text (the {@code inject-*} conversations; see the README).
 */
class ChatTemplateGoldenTest {

    static final List<String> FAMILIES = Fixtures.WITH_TEMPLATE;

    @ParameterizedTest
    @FieldSource("FAMILIES")
    void everyConversationRendersAndEncodesAsTheReference(String family) {
        ChatTokenizer chat = Fixtures.load(family);
        JsonNode conversations = Fixtures.json("corpus/conversations.json");
        JsonNode golden = Fixtures.golden(family).path("conversations");
        assertThat(golden.size()).isEqualTo(conversations.size());
        List<String> mismatches = new ArrayList<>();
        int renderedExact = 0;
        int idsExact = 0;
        for (int i = 0; i < conversations.size(); i++) {
            JsonNode conv = conversations.get(i);
            List<ChatTurn> turns = new ArrayList<>();
            conv.path("messages").forEach(m -> turns.add(new ChatTurn(m.get(0).asText(), m.get(1).asText())));
            String expectedText = golden.get(i).path("text").asText();
            int[] expectedIds = Fixtures.ids(golden.get(i).path("ids"));
            String name = conv.path("name").asText();
            MarkedText rendered = chat.render(turns);
            if (rendered.text().equals(expectedText)) {
                renderedExact++;
            } else {
                mismatches.add(name + ": rendering\n  expected " + HfTokenizerGoldenTest.abbreviate(expectedText)
                        + "\n  actual   " + HfTokenizerGoldenTest.abbreviate(rendered.text()));
            }
            int[] ids = chat.encodeChat(turns);
            if (Arrays.equals(ids, expectedIds)) {
                idsExact++;
            } else {
                mismatches.add(name + ": ids\n  expected " + HfTokenizerGoldenTest.abbreviate(expectedIds)
                        + "\n  actual   " + HfTokenizerGoldenTest.abbreviate(ids));
            }
        }
        System.out.printf("%s: %d conversations compared, %d renderings exact, %d id sequences exact%n", family,
                conversations.size(), renderedExact, idsExact);
        assertThat(mismatches).as(family).isEmpty();
    }
}
