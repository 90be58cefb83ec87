package io.github.gsi4j.bench.math500;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.MinRewardAction;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.vllm.PrmPromptRenderer.StepLayout;

/** The presets, the options that override them, and the dataset fields. */
class RunSettingsTest {

    static final String[] SERVERS = { "--draft", "d", "--base-url", "http://b", "--base-model", "m", "--prm-url", "http://p" };

    static RunSettings parse(String... more) {
        String[] args = java.util.Arrays.copyOf(SERVERS, SERVERS.length + more.length);
        System.arraycopy(more, 0, args, SERVERS.length, more.length);
        return RunSettings.parse(args);
    }

    @Test
    void paperPresetSetsEveryChoiceOfTheReferenceCode() {
        RunSettings s = parse("--preset", "paper");
        GsiOptions o = s.options();
        assertThat(o.limits().maxSteps()).isEqualTo(45);
        assertThat(o.n()).isEqualTo(16);
        assertThat(o.beta()).isEqualTo(20);
        assertThat(o.gsi().threshold()).isEqualTo(0.5);
        assertThat(o.sampling().draftTemperature()).isEqualTo(0.7);
        assertThat(o.sampling().baseTemperature()).isEqualTo(0.7);
        assertThat(o.sampling().topP()).isEqualTo(1);
        assertThat(o.limits().maxStepTokens()).isEqualTo(512);
        assertThat(o.minReward().value()).hasValue(0.1);
        assertThat(o.minReward().action()).isEqualTo(MinRewardAction.STOP);
        assertThat(o.sampling().proposalDensity()).isEqualTo(ProposalDensity.RAW);
        assertThat(o.limits().mathStop()).isTrue();
        assertThat(s.prmLayout()).isEqualTo(StepLayout.REFERENCE_SPLIT);
        assertThat(s.draftLogprobs()).as("a served draft in vLLM's default mode").isEqualTo(ProposalDensity.RAW);
    }

    @Test
    void defaultPresetKeepsThisProjectsChoices() {
        RunSettings s = parse();
        GsiOptions o = s.options();
        assertThat(s.preset()).isEqualTo("default");
        assertThat(o.limits().maxSteps()).isEqualTo(45);
        assertThat(o.n()).isEqualTo(16);
        assertThat(o.minReward().value()).isEmpty();
        assertThat(o.sampling().proposalDensity()).isEqualTo(ProposalDensity.EXACT);
        assertThat(s.prmLayout()).isEqualTo(StepLayout.CANDIDATE_MARKER);
        assertThat(s.policies()).containsExactly(Policy.GSI);
        assertThat(s.seeds()).isEqualTo(1);
        assertThat(s.resume()).isFalse();
    }

    @Test
    void eachChoiceIsAlsoItsOwnOptionAndWinsOverThePreset() {
        RunSettings s = parse("--preset", "paper", "--n", "4", "--beta", "5", "--threshold", "0.25", "--temperature", "1.0",
                "--max-steps", "7", "--max-step-tokens", "64", "--min-reward", "0.3", "--min-reward-action", "fall-back",
                "--draft-density", "exact", "--prm-layout", "candidate-marker", "--policies",
                "gsi,rsd,soft-bon-draft,soft-bon-base",
                "--seeds", "5", "--resume", "--draft-logprobs", "processed", "--problem-field", "question", "--answer-field",
                "final_answer");
        GsiOptions o = s.options();
        assertThat(o.n()).isEqualTo(4);
        assertThat(o.beta()).isEqualTo(5);
        assertThat(o.gsi().threshold()).isEqualTo(0.25);
        assertThat(o.sampling().draftTemperature()).isEqualTo(1.0);
        assertThat(o.sampling().baseTemperature()).isEqualTo(1.0);
        assertThat(o.limits().maxSteps()).isEqualTo(7);
        assertThat(o.limits().maxStepTokens()).isEqualTo(64);
        assertThat(o.minReward().value()).hasValue(0.3);
        assertThat(o.minReward().action()).isEqualTo(MinRewardAction.FALL_BACK);
        assertThat(o.sampling().proposalDensity()).isEqualTo(ProposalDensity.EXACT);
        assertThat(s.prmLayout()).isEqualTo(StepLayout.CANDIDATE_MARKER);
        assertThat(s.policies()).containsExactly(Policy.GSI, Policy.RSD, Policy.SOFT_BON_DRAFT, Policy.SOFT_BON_BASE);
        assertThat(s.seeds()).isEqualTo(5);
        assertThat(s.resume()).isTrue();
        assertThat(s.draftLogprobs()).isEqualTo(ProposalDensity.EXACT);
        assertThat(parse("--preset", "paper", "--min-reward", "off").options().minReward().value()).isEmpty();
        assertThat(s.fingerprint(Policy.GSI)).isNotEqualTo(parse("--preset", "paper").fingerprint(Policy.GSI));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> RunSettings.parse("--draft", "d", "--base-url", "u", "--base-model", "m"))
                .hasMessage("--prm-url is required");
        assertThatThrownBy(() -> RunSettings.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> parse("--preset", "fast")).hasMessageContaining("--preset must be paper or default");
        assertThatThrownBy(() -> parse("--min-reward-action", "halt")).hasMessageContaining("--min-reward-action")
                .hasMessageContaining("stop");
        assertThatThrownBy(() -> parse("--min-reward", "2")).hasMessageContaining("--min-reward: minReward");
        assertThatThrownBy(() -> parse("--draft-logprobs", "exact")).hasMessageContaining("processed or raw");
        assertThatThrownBy(() -> RunSettings.parse("--base-url", "u", "--base-model", "m", "--prm-url", "p"))
                .hasMessageContaining("--draft (a Jlama model) or --draft-url");
    }

    @Test
    void olympiadBenchAndMinervaFieldsAreRead(@TempDir Path dir) throws Exception {
        Path olympiad = dir.resolve("olympiad.jsonl");
        Files.writeString(olympiad, """
                {"id": 2231, "question": "Find x.", "final_answer": ["$\\\\frac{1}{2}$"], "unit": null}
                {"id": 2232, "question": "Find y.", "final_answer": ["3"]}
                """);
        assertThat(Problems.read(olympiad, "question", "final_answer", "id", 0)).containsExactly(
                new Problems("2231", "Find x.", "$\\frac{1}{2}$"), new Problems("2232", "Find y.", "3"));
        Path minerva = dir.resolve("minerva.jsonl");
        Files.writeString(minerva, "{\"question\": \"Compute z.\", \"answer\": \"4.5\"}\n");
        assertThat(Problems.read(minerva, "question", "answer", "unique_id", 0)).containsExactly(
                new Problems("#0", "Compute z.", "4.5"));
        assertThatThrownBy(() -> Problems.read(minerva, "problem", "answer", "unique_id", 0))
                .hasMessageContaining("no text field 'problem'").hasMessageContaining("--problem-field");
    }
}
