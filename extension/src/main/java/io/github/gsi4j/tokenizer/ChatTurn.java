package io.github.gsi4j.tokenizer;

import java.util.Objects;

/**
 * One message of a chat, as a chat template sees it.
 *
 * @param role {@code system}, {@code user}, {@code assistant} (or any role the template knows)
 * @param content the message text: data, never interpreted as template or as added (control) tokens
 */
public record ChatTurn(String role, String content) {

    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatTurn system(String content) {
        return new ChatTurn("system", content);
    }

    public static ChatTurn user(String content) {
        return new ChatTurn("user", content);
    }

    public static ChatTurn assistant(String content) {
        return new ChatTurn("assistant", content);
    }
}
