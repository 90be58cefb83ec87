package io.github.gsi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every corpus string encodes, with each real tokenizer, to the ids Hugging Face's reference
 * implementation gave (golden files made by {@code tokenizers/generate/generate.mjs}).
 */
class HfTokenizerGoldenTest {

    static final List<String> FAMILIES = Fixtures.FAMILIES;

    @ParameterizedTest
    @FieldSource("FAMILIES")
    void everyStringEncodesToTheReferenceIds(String family) {
        HfTokenizer tokenizer = Fixtures.load(family).tokenizer();
        List<String> strings = Fixtures.strings();
        JsonNode golden = Fixtures.golden(family).path("strings");
        assertThat(golden.size()).isEqualTo(strings.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            int[] expected = Fixtures.ids(golden.get(i));
            int[] actual = tokenizer.encode(strings.get(i));
            if (!Arrays.equals(expected, actual)) {
                mismatches.add("#" + i + " " + abbreviate(strings.get(i)) + "\n  expected " + abbreviate(expected)
                        + "\n  actual   " + abbreviate(actual));
            }
        }
        System.out.printf("%s: %d strings compared, %d exact%n", family, strings.size(),
                strings.size() - mismatches.size());
        assertThat(mismatches).as(family).isEmpty();
    }

    static String abbreviate(String s) {
        String q = s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
        StringBuilder sb = new StringBuilder("\"");
        q.chars().forEach(c -> sb.append(c < 32 || (c >= 0xd800 && c < 0xe000) ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return sb.append('"').toString();
    }

    static String abbreviate(int[] ids) {
        return ids.length > 40 ? Arrays.toString(Arrays.copyOf(ids, 40)) + "…(" + ids.length + " ids)"
                : Arrays.toString(ids);
    }
}
