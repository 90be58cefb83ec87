package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.gsi4j.quarkus.runtime.GsiModels;
import io.github.gsi4j.testing.TinyModels;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * Dev mode: editing application.properties restarts the application with the new GSI configuration, closing
 * the models it had loaded and loading them anew.
 */
class DevModeHotReloadTest {

    private static final int PORT = freePort();

    @RegisterExtension
    static final QuarkusDevModeTest test = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar
                    .addClasses(HotReloadApp.class, HotReloadApp.Probe.class, GsiTestApps.class,
                            GsiTestApps.ConstantReward.class)
                    .addAsResource(new org.jboss.shrinkwrap.api.asset.StringAsset(String.join("\n",
                            "quarkus.http.port=" + PORT,
                            "quarkus.langchain4j.chat-model.provider=gsi",
                            "quarkus.langchain4j.gsi.draft.model=" + TinyModels.draft(),
                            "quarkus.langchain4j.gsi.base.model=" + TinyModels.base(),
                            "quarkus.langchain4j.gsi.policy=gsi",
                            "quarkus.langchain4j.gsi.n=2",
                            "quarkus.langchain4j.gsi.max-steps=2",
                            "quarkus.langchain4j.gsi.max-step-tokens=4",
                            "quarkus.log.category.\"com.github.tjake.jlama\".level=WARN", "")), "application.properties"))
            .setLogRecordPredicate(r -> GsiModels.class.getName().equals(r.getLoggerName()));

    @Test
    void editingThePropertiesRebuildsTheModelsWithTheNewValues() {
        assertThat(probe()).isEqualTo("GSI");
        assertThat(count("Loaded GSI draft model")).isEqualTo(1);
        assertThat(count("Loaded GSI base model")).isEqualTo(1);
        assertThat(count("Closed")).isZero();

        test.modifyResourceFile("application.properties",
                s -> s.replace("quarkus.langchain4j.gsi.policy=gsi", "quarkus.langchain4j.gsi.policy=soft-bon-base"));
        assertThat(probe()).as("the new policy answers").isEqualTo("SOFT_BON_BASE");
        assertThat(messages()).as("the old application's draft and base were closed")
                .contains("Closed 2 of 2 GSI Jlama model instances");
        assertThat(count("Loaded GSI draft model")).as("and loaded again").isEqualTo(2);
        assertThat(count("Loaded GSI base model")).isEqualTo(2);

        test.modifyResourceFile("application.properties",
                s -> s.replace("quarkus.langchain4j.gsi.policy=soft-bon-base", "quarkus.langchain4j.gsi.policy=rsd"));
        assertThat(probe()).isEqualTo("RSD");
        assertThat(count("Closed 2 of 2")).as("each reload closes what the last one loaded").isEqualTo(2);
        assertThat(count("Loaded GSI draft model")).isEqualTo(3);
    }

    private static String probe() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/probe"))
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages() {
        return test.getLogRecords().stream().map(DevModeHotReloadTest::text).toList();
    }

    private static long count(String prefix) {
        return messages().stream().filter(m -> m.startsWith(prefix)).count();
    }

    private static String text(LogRecord r) {
        return r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
