package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.langchain4j.GsiChatRequestParameters;
import io.github.gsi4j.langchain4j.GuidedSpeculativeChatModel;
import io.github.gsi4j.testing.Bigram;
import io.github.gsi4j.testing.TextReward;

/** After 1000 requests, no growth in live KV caches, platform threads, or Jlama temporary files. */
class NoLeaksTest {

    static final int REQUESTS = 1000;

    @Test
    void aThousandRequestsLeaveNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Bigram bigram = Bigram.answering("What is 2 + 2?", " The answer is 4.\n\n");
        try (JlamaModel draft = JlamaModel.load(bigram.folder()); JlamaModel base = JlamaModel.load(bigram.folder())) {
            GuidedSpeculativeChatModel model = GuidedSpeculativeChatModel.builder()
                    .draftModel(new JlamaDraftModel(draft, false)).baseModel(new JlamaBaseModel(base, false))
                    .rewardScorer(new TextReward()).options(GsiOptions.builder().n(2).maxSteps(3).build()).build();
            // warm up: the JVM's and the HTTP client's own threads, Jlama's pools
            for (int i = 0; i < 20; i++) {
                ask(model, i);
            }
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long filesBefore = jlamaFiles(tmp);

            for (int i = 0; i < REQUESTS; i++) {
                assertThat(ask(model, i)).isEqualTo(" The answer is 4.\n\n");
            }

            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            long filesAfter = jlamaFiles(tmp);
            System.out.printf("no-leak check after %d requests: KV caches draft=%d base=%d (max 4 each), platform threads "
                    + "%d -> %d, Jlama temp files %d -> %d%n", REQUESTS, draft.kvCaches(), base.kvCaches(), threadsBefore,
                    threadsAfter, filesBefore, filesAfter);
            assertThat(draft.kvCaches()).isLessThanOrEqualTo(4);
            assertThat(base.kvCaches()).isLessThanOrEqualTo(4);
            assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
            assertThat(filesAfter).isEqualTo(filesBefore);
        }
    }

    static String ask(GuidedSpeculativeChatModel model, long seed) {
        return model.chat(ChatRequest.builder().messages(UserMessage.from("What is 2 + 2?"))
                .parameters(GsiChatRequestParameters.builder().seed(seed).build()).build()).aiMessage().text();
    }

    /** Files under this process's Jlama working folders and Jlama page files in the temp folder. */
    static long jlamaFiles(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.walk(tmp, 2)) {
            return entries.filter(p -> p.toString().contains("gsi4j-jlama-") || p.toString().endsWith(".page")).count();
        }
    }
}
