package io.github.gsi4j.vllm;

import java.util.Locale;

import io.github.gsi4j.core.GsiContextLengthException;
import io.github.gsi4j.core.GsiRemoteException;

/** What a vLLM server's 400 answers mean, read from their message. */
final class ServerRefusals {

    private ServerRefusals() {
    }

    /**
     * Whether the server refused the sequence as longer than its context window (vLLM: "This model's maximum
     * context length is ...", "... longer than the maximum model length of ...").
     */
    static boolean aboutContextLength(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("context length") || m.contains("maximum model length") || m.contains("max_model_len")
                || m.contains("context window");
    }

    /** Whether the server refused {@code max_tokens = 0} (older vLLM: "max_tokens must be at least 1, got 0"). */
    static boolean aboutZeroMaxTokens(String message) {
        return message.contains("max_tokens") && !aboutContextLength(message);
    }

    /** A 400 about the context length as {@link GsiContextLengthException}; any other failure as it is. */
    static RuntimeException typed(GsiRemoteException e, String name) {
        if (e.status() == 400 && aboutContextLength(e.getMessage())) {
            return new GsiContextLengthException(e.endpoint(), name + " refused the sequence as too long for its "
                    + "context window: " + e.getMessage(), e);
        }
        return e;
    }
}
