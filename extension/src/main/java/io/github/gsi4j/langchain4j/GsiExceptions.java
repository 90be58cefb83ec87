package io.github.gsi4j.langchain4j;

import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import io.github.gsi4j.core.GsiException;
import io.github.gsi4j.core.GsiInvalidRequestException;
import io.github.gsi4j.core.GsiInvalidResponseException;
import io.github.gsi4j.core.GsiRemoteException;
import io.github.gsi4j.core.GsiTimeoutException;

/**
 * Translates GSI's errors into LangChain4j's exception types at the chat models' boundary, the way
 * LangChain4j's own providers map HTTP status classes, so that LangChain4j-style error handling (retries on
 * {@link RetriableException}, {@code catch (RateLimitException e)}, quarkus-langchain4j's fault tolerance)
 * sees GSI's failures. The GSI exception is always the cause, its message kept. The mapping keys off the core
 * exception types and {@link GsiRemoteException#status()}, so finer subclasses fall in with their parent.
 *
 * <table>
 * <caption>GSI error to LangChain4j exception</caption>
 * <tr>
 * <th>GSI</th>
 * <th>LangChain4j</th>
 * </tr>
 * <tr>
 * <td>{@link GsiTimeoutException}; a server call timed out; HTTP 408</td>
 * <td>{@link TimeoutException}</td>
 * </tr>
 * <tr>
 * <td>{@link GsiInvalidRequestException} (a prompt too long, too many candidates, a server's context-length
 * 400)</td>
 * <td>{@link InvalidRequestException}</td>
 * </tr>
 * <tr>
 * <td>HTTP 401, 403</td>
 * <td>{@link AuthenticationException}</td>
 * </tr>
 * <tr>
 * <td>HTTP 404</td>
 * <td>{@link ModelNotFoundException}</td>
 * </tr>
 * <tr>
 * <td>HTTP 429</td>
 * <td>{@link RateLimitException}</td>
 * </tr>
 * <tr>
 * <td>other HTTP 4xx</td>
 * <td>{@link InvalidRequestException}</td>
 * </tr>
 * <tr>
 * <td>HTTP 5xx; {@link GsiInvalidResponseException} (an answer that cannot be right)</td>
 * <td>{@link InternalServerException}</td>
 * </tr>
 * <tr>
 * <td>the server's host name does not resolve</td>
 * <td>{@link UnresolvedModelServerException}</td>
 * </tr>
 * <tr>
 * <td>no answer (unreachable, circuit breaker open)</td>
 * <td>{@link RetriableException}</td>
 * </tr>
 * <tr>
 * <td>any other {@link GsiException}</td>
 * <td>{@link LangChain4jException}</td>
 * </tr>
 * </table>
 *
 * Exceptions that are not GSI's (an application reward scorer's own, a LangChain4j exception, a bad argument)
 * pass unchanged.
 */
public final class GsiExceptions {

    private GsiExceptions() {
    }

    /** The LangChain4j exception for {@code e}; {@code e} itself when it is not a {@link GsiException}. */
    public static RuntimeException toLangChain4j(RuntimeException e) {
        if (!(e instanceof GsiException gsi)) {
            return e;
        }
        String message = gsi.getMessage();
        if (gsi instanceof GsiTimeoutException) {
            return new TimeoutException(message, gsi);
        }
        if (gsi instanceof GsiInvalidRequestException) {
            return new InvalidRequestException(message, gsi);
        }
        if (gsi instanceof GsiRemoteException remote) {
            return remote.status() < 0 ? noAnswer(remote) : byStatus(remote, remote.status());
        }
        if (gsi instanceof GsiInvalidResponseException) {
            return new InternalServerException(message, gsi);
        }
        return new LangChain4jException(message, gsi);
    }

    private static RuntimeException byStatus(GsiRemoteException e, int status) {
        String message = e.getMessage();
        if (status >= 500 && status < 600) {
            return new InternalServerException(message, e);
        }
        return switch (status) {
            case 401, 403 -> new AuthenticationException(message, e);
            case 404 -> new ModelNotFoundException(message, e);
            case 408 -> new TimeoutException(message, e);
            case 429 -> new RateLimitException(message, e);
            default -> status >= 400 && status < 500 ? new InvalidRequestException(message, e)
                    : new LangChain4jException(message, e);
        };
    }

    /** A server call that got no HTTP answer: why, from the cause. */
    private static RuntimeException noAnswer(GsiRemoteException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
                return new TimeoutException(e.getMessage(), e);
            }
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return new UnresolvedModelServerException(e.getMessage(), e);
            }
        }
        return new RetriableException(e.getMessage(), e);
    }
}
