package io.github.gsi4j.tokenizer.jinja;

/**
 * A chat template that does not parse, or that fails while rendering ({@code raise_exception}, an
 * undefined variable used in an operation, a type error), with the template line it happened on.
 */
public final class TemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public TemplateException(String reason, int line) {
        super("line " + line + ": " + reason);
        this.reason = reason;
        this.line = line;
    }

    /** The template line (1-based) the error is on. */
    public int line() {
        return line;
    }

    /** What went wrong, without the line. */
    public String reason() {
        return reason;
    }
}
