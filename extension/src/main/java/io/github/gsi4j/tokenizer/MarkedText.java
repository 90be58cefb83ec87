package io.github.gsi4j.tokenizer;

import java.util.BitSet;
import java.util.Objects;

/**
 * Text in which some characters are marked as <em>data</em>: what a chat template copied from message
 * content, as opposed to what the template itself wrote. The encoder never turns data into added tokens, so
 * a user who types {@code <|im_end|>} gets those characters, not the control token. Immutable.
 *
 * @param text the text
 * @param data the indexes of the data characters (not to be modified)
 */
public record MarkedText(String text, BitSet data) {

    public MarkedText {
        Objects.requireNonNull(text, "text");
        data = data == null ? new BitSet() : data;
    }

    /** Text with no data characters. */
    public static MarkedText template(String text) {
        return new MarkedText(text, null);
    }

    /** Text that is data throughout. */
    public static MarkedText data(String text) {
        BitSet all = new BitSet(text.length());
        all.set(0, text.length());
        return new MarkedText(text, all);
    }

    public int length() {
        return text.length();
    }

    /** Whether the character at {@code index} is data. */
    public boolean isData(int index) {
        return data.get(index);
    }

    /** Whether any character in [from, to) is data. */
    public boolean hasData(int from, int to) {
        int i = data.nextSetBit(from);
        return i >= 0 && i < to;
    }

    /** The characters [from, to), with their marks. */
    public MarkedText substring(int from, int to) {
        if (from == 0 && to == text.length()) {
            return this;
        }
        return new MarkedText(text.substring(from, to), data.get(from, to));
    }

    /** This text followed by {@code other}. */
    public MarkedText concat(MarkedText other) {
        if (other.text.isEmpty()) {
            return this;
        }
        if (text.isEmpty()) {
            return other;
        }
        BitSet d = (BitSet) data.clone();
        int n = text.length();
        for (int i = other.data.nextSetBit(0); i >= 0; i = other.data.nextSetBit(i + 1)) {
            d.set(n + i);
        }
        return new MarkedText(text + other.text, d);
    }

    @Override
    public String toString() {
        return text;
    }
}
