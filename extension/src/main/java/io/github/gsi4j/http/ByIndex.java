package io.github.gsi4j.http;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.github.gsi4j.core.GsiInvalidResponseException;

/**
 * Puts a batched answer's elements in request order by their {@code index} field, checking there are
 * exactly {@code n} of them with each index 0..n-1 once: servers may answer out of order, never with
 * gaps or repeats.
 */
public final class ByIndex {

    private ByIndex() {
    }

    /**
     * @param items the answer's elements (null if the answer had none)
     * @param index an element's {@code index} field (may be null)
     * @param n how many elements the request asked for
     * @param noun what an element is called in messages ("choices", "items")
     * @param invalid turns a message into the exception naming the endpoint
     */
    public static <T> List<T> order(List<T> items, Function<T, Integer> index, int n, String noun,
            Function<String, GsiInvalidResponseException> invalid) {
        if (items == null || items.size() != n) {
            throw invalid.apply("answered " + (items == null ? "no" : items.size()) + " " + noun + ", expected " + n);
        }
        Object[] ordered = new Object[n];
        for (T item : items) {
            Integer i = index.apply(item);
            if (i == null || i < 0 || i >= n || ordered[i] != null) {
                throw invalid.apply("answered " + (noun.equals("choices") ? "a choice" : "an item") + " with index " + i
                        + ", expected each of 0.." + (n - 1) + " once");
            }
            ordered[i] = item;
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(ordered);
        return list;
    }
}
