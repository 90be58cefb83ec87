package io.github.gsi4j.core;

/**
 * The draft and base models do not share one tokenizer, so the base model cannot score the draft's
 * token ids. Raised at start-up; pick a draft from the base model's family (same vocabulary).
 */
public class GsiTokenizerMismatchException extends GsiException {

    public GsiTokenizerMismatchException(String message) {
        super(message);
    }
}
