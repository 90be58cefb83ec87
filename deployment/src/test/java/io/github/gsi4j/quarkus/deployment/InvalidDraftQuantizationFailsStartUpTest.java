package io.github.gsi4j.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tjake.jlama.safetensors.DType;

import io.github.gsi4j.testing.QuantizedModels;
import io.quarkus.test.QuarkusUnitTest;

/** A draft folder already quantized as Q4 cannot be quantized as Q8: start-up fails naming the property. */
class InvalidDraftQuantizationFailsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest app = GsiTestApps.app(GsiTestApps.ConstantReward.class)
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.model", q4Folder())
            .overrideConfigKey("quarkus.langchain4j.gsi.base.model", QuantizedModels.source().toString())
            .overrideConfigKey("quarkus.langchain4j.gsi.draft.quantization", "q8")
            .assertException(t -> assertThat(GsiTestApps.messages(t))
                    .contains("quarkus.langchain4j.gsi.draft.quantization: ").contains("already quantized as Q4"));

    static String q4Folder() {
        try {
            return QuantizedModels.jlamaQuantized(DType.Q4).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void startUpFails() {
        fail("start-up should have failed");
    }
}
