package io.github.gsi4j.vllm;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * {@link HttpTransport} on the JDK's {@link HttpClient}: HTTP/1.1 and HTTP/2, {@code https} with the
 * default or a given {@link SSLContext}.
 */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;

    /** A transport with the JVM's default TLS settings. */
    public JdkHttpTransport(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /** A transport using {@code sslContext} for https (null: the JVM's default). */
    public JdkHttpTransport(Duration connectTimeout, SSLContext sslContext) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        this.client = b.build();
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        request.headers().forEach(b::header);
        if ("POST".equals(request.method())) {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else {
            b.GET();
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After"));
    }
}
