package io.github.gsi4j.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

/**
 * {@link HttpTransport} on the JDK's {@link HttpClient}: HTTP/1.1 and HTTP/2, {@code https} with the
 * default or a given {@link SSLContext}. The request's timeout bounds the whole exchange, the body
 * included (the JDK's own request timeout stops at the headers): a server that stalls mid-body times out
 * too. An interrupt of the calling thread aborts the exchange.
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
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> r;
        try {
            r = pending.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + request.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After"));
    }
}
