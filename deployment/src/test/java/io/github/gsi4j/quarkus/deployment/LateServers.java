package io.github.gsi4j.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.logging.LogRecord;

import io.github.gsi4j.jlama.JlamaModel;
import io.github.gsi4j.testing.FakeVllm;
import io.github.gsi4j.testing.StubServer;
import io.github.gsi4j.testing.TinyModels;
import io.quarkus.test.QuarkusUnitTest;

/** Stub vLLM base servers for the start-up tests. */
final class LateServers {

    static final String MODEL = "tiny/base";

    private LateServers() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A base server that is not up yet when the application first calls it: for {@code lateMillis} after the first
     * connection it closes every connection unanswered (as a port with nothing behind it yet would fail), then a vLLM
     * base stub that tokenizes with the tiny draft serves the same port.
     *
     * @return the port
     */
    static int upLate(long lateMillis) {
        ServerSocket socket;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = socket.getLocalPort();
        Thread.ofPlatform().daemon().start(() -> {
            long first = -1;
            try (socket) {
                while (first < 0 || System.nanoTime() - first < lateMillis * 1_000_000) {
                    try (Socket s = socket.accept()) {
                        if (first < 0) {
                            first = System.nanoTime();
                        }
                    }
                }
            } catch (IOException e) {
                return;
            }
            JlamaModel tokenizer = JlamaModel.load(TinyModels.draft());
            new StubServer(null, port, s -> FakeVllm.serveBase(s, MODEL, tokenizer::encode, " 4.\n\n"));
        });
        return port;
    }

    /** An application whose default model's base is the vLLM server at {@code url}, waiting for it {@code timeout}. */
    static QuarkusUnitTest app(String url, String timeout) {
        return GsiTestApps.app(GsiTestApps.class, GsiTestApps.ConstantReward.class, LateServers.class)
                .overrideConfigKey("quarkus.langchain4j.gsi.base.type", "vllm")
                .overrideConfigKey("quarkus.langchain4j.gsi.base.url", url)
                .overrideConfigKey("quarkus.langchain4j.gsi.base.model", MODEL)
                .overrideConfigKey("quarkus.langchain4j.gsi.base.startup-timeout", timeout)
                .overrideConfigKey("quarkus.langchain4j.gsi.n", "2")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-steps", "2")
                .overrideConfigKey("quarkus.langchain4j.gsi.max-step-tokens", "4")
                .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.github.gsi4j"));
    }

    /** The messages of the start-up wait's progress lines. */
    static List<String> progressLines(List<LogRecord> records) {
        return records.stream().map(LogRecord::getMessage).filter(m -> m != null && m.startsWith("Waiting for")).toList();
    }
}
