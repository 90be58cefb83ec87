package io.github.gsi4j.langchain4j;

/**
 * What to do with a request that step-level guidance cannot serve: tool specifications or a JSON
 * response format.
 */
public enum OnUnsupported {
    /**
     * Send it to the bypass model (normally the base model as an ordinary chat completion); the response's
     * {@link GsiChatResponseMetadata#bypassed()} is true and names the reason. The default.
     */
    BYPASS,
    /** Throw LangChain4j's {@code UnsupportedFeatureException}. */
    FAIL
}
