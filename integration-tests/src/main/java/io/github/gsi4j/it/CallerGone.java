package io.github.gsi4j.it;

import java.util.function.Supplier;

import io.vertx.ext.web.RoutingContext;

/**
 * Cancels a blocking request's decoding when its client goes away: if the connection closes before the response
 * is sent, the thread decoding for it is interrupted, which stops GSI at once (its in-flight model calls included)
 * with {@code GsiCancelledException}.
 */
// tag::caller-gone[]
final class CallerGone {

    private CallerGone() {
    }

    static <T> T cancelsDecoding(RoutingContext http, Supplier<T> work) {
        Thread worker = Thread.currentThread();
        Object lock = new Object();
        boolean[] working = { true };
        http.addEndHandler(end -> {
            if (end.failed()) { // the connection closed before the response was sent
                synchronized (lock) {
                    if (working[0]) {
                        worker.interrupt();
                    }
                }
            }
        });
        try {
            return work.get();
        } finally {
            synchronized (lock) {
                working[0] = false;
                Thread.interrupted(); // an interrupt meant for this request ends with it
            }
        }
    }
}
// end::caller-gone[]
