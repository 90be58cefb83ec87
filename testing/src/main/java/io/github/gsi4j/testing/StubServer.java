package io.github.gsi4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for a model server on an ephemeral loopback port (JDK HTTP server, one thread per
 * request). Each path answers from a queue of scripted answers (the last one repeats) or from a
 * handler; every request is recorded. Answers can carry a delay, a {@code Retry-After} header, or drop
 * the connection without answering.
 */
public final class StubServer implements AutoCloseable {

    /**
     * A request as received.
     *
     * @param method the HTTP method
     * @param path the request path
     * @param headers the request headers
     * @param body the request body
     */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /**
     * A scripted answer.
     *
     * @param status the HTTP status
     * @param body the response body
     * @param delayMillis how long to wait before answering
     * @param retryAfter the {@code Retry-After} header's value, or null for none
     * @param drop whether to close the connection without answering
     */
    public record Answer(int status, String body, long delayMillis, String retryAfter, boolean drop) {
        /** HTTP 200 with a JSON body. */
        public static Answer json(String body) {
            return new Answer(200, body, 0, null, false);
        }

        /** The given status and body. */
        public static Answer status(int status, String body) {
            return new Answer(status, body, 0, null, false);
        }

        /** The connection closed without an answer. */
        public static Answer dropConnection() {
            return new Answer(0, "", 0, null, true);
        }

        /** This answer after {@code millis} milliseconds. */
        public Answer delayed(long millis) {
            return new Answer(status, body, millis, retryAfter, drop);
        }

        /** This answer with the header {@code Retry-After: value}. */
        public Answer retryAfter(String value) {
            return new Answer(status, body, delayMillis, value, drop);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Function<Recorded, Answer>> handlers = new ConcurrentHashMap<>();

    /** A plain HTTP server. */
    public StubServer() {
        this(null);
    }

    /** An HTTPS server presenting {@code tls}'s certificate (plain HTTP when {@code tls} is null). */
    public StubServer(SSLContext tls) {
        this(tls, 0);
    }

    /** A server on a given loopback port (0: an ephemeral one), e.g. one a client was told about before it was up. */
    public StubServer(SSLContext tls, int port) {
        this(tls, port, s -> {
        });
    }

    /** A server on a given loopback port, {@code setUp} (scripts, handlers) applied before it accepts connections. */
    public StubServer(SSLContext tls, int port, java.util.function.Consumer<StubServer> setUp) {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            if (tls == null) {
                server = HttpServer.create(loopback, 0);
            } else {
                HttpsServer https = HttpsServer.create(loopback, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        setUp.accept(this);
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:port} (or {@code https://localhost:port} for an HTTPS server). */
    public String url() {
        return server instanceof HttpsServer ? "https://localhost:" + server.getAddress().getPort()
                : "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Answers {@code path} with these answers in turn, the last one repeating. */
    public StubServer script(String path, Answer... answers) {
        scripts.put(path, new ConcurrentLinkedDeque<>(List.of(answers)));
        return this;
    }

    /** Answers {@code path} by calling {@code handler}. */
    public StubServer handle(String path, Function<Recorded, Answer> handler) {
        handlers.put(path, handler);
        return this;
    }

    /** Every request received so far. */
    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests received on {@code path}. */
    public List<Recorded> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        Recorded recorded = new Recorded(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                body);
        requests.add(recorded);
        Answer answer;
        try {
            answer = answerFor(path, recorded);
        } catch (RuntimeException | Error e) { // a failed check in a handler: answer at once, do not hang
            answer = Answer.status(500, "{\"object\":\"error\",\"message\":\"stub handler failed: "
                    + String.valueOf(e.getMessage()).replace('"', '\'') + "\",\"code\":500}");
        }
        try {
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.drop()) {
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection
        } finally {
            exchange.close();
        }
    }

    private Answer answerFor(String path, Recorded recorded) {
        Function<Recorded, Answer> handler = handlers.get(path);
        if (handler != null) {
            return handler.apply(recorded);
        }
        Deque<Answer> script = scripts.get(path);
        if (script == null || script.isEmpty()) {
            return Answer.status(404, "{\"object\":\"error\",\"message\":\"no stub for " + path + "\",\"code\":404}");
        }
        return script.size() > 1 ? script.pollFirst() : script.peekFirst();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A class-path resource (UTF-8) as a string, e.g. a recorded server answer. */
    public static String resource(String name) {
        try (InputStream in = StubServer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
