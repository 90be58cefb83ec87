package io.github.gsi4j.bench.math500;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import io.github.gsi4j.core.GsiOptions;
import io.github.gsi4j.core.MinRewardAction;
import io.github.gsi4j.core.Policy;
import io.github.gsi4j.core.ProposalDensity;
import io.github.gsi4j.core.Sampling;
import io.github.gsi4j.vllm.PrmPromptRenderer;
import io.github.gsi4j.vllm.PrmPromptRenderer.StepLayout;

/**
 * The MATH500 runner's settings, from command-line options. {@code --preset paper} sets every choice of the GSI
 * reference code (45 steps, n 16, β 20, u 0.5, T 0.7, minimum reward 0.1 that ends the answer, the reference's
 * PRM input, the draft's temperature-1 log-probabilities as proposal density); {@code --preset default} (the
 * default) keeps this project's choices (no minimum reward, the PRM scoring each candidate's own step marker, the
 * exact proposal density). Every choice is also an option of its own, which wins over the preset.
 */
record RunSettings(Path problems, String problemField, String answerField, String idField, Path results,
        boolean resume, String draft, Path modelCacheDir, String draftUrl, String draftModel, ProposalDensity draftLogprobs,
        String baseUrl, String baseModel, String prmUrl, String prmModel, List<Policy> policies, int seeds, long seed,
        int limit, Duration timeout, int maxRetries, OptionalInt maxModelLen, String systemPrompt, String preset,
        GsiOptions options, StepLayout prmLayout) {

    /** Options that take no value. */
    static final Set<String> FLAGS = Set.of("resume");
    static final Set<String> KNOWN = Set.of("problems", "problem-field", "answer-field", "id-field", "results", "resume",
            "draft", "model-cache-dir", "draft-url", "draft-model", "draft-logprobs", "base-url", "base-model", "prm-url",
            "prm-model", "policy", "policies", "seeds", "seed", "limit", "timeout-seconds", "max-retries", "max-model-len",
            "system-prompt", "preset", "n", "beta", "threshold", "rsd-threshold", "temperature", "draft-temperature",
            "base-temperature", "top-p", "max-steps", "max-step-tokens", "min-reward", "min-reward-action", "prm-layout",
            "draft-density");

    static RunSettings parse(String... args) {
        Map<String, String> o = options(args);
        String preset = o.getOrDefault("preset", "default");
        boolean paper = switch (preset) {
            case "paper" -> true;
            case "default" -> false;
            default -> throw new IllegalArgumentException("--preset must be paper or default, was " + preset);
        };
        GsiOptions.Builder b = GsiOptions.builder().n(16).beta(20).threshold(0.5).rsdThreshold(0.7).draftTemperature(0.7)
                .baseTemperature(0.7).topP(1).maxSteps(45).maxStepTokens(512).mathStop(true)
                .proposalDensity(paper ? ProposalDensity.RAW : ProposalDensity.EXACT);
        if (paper) {
            b.minReward(0.1, MinRewardAction.STOP);
        }
        set(o, "n", v -> b.n(Integer.parseInt(v)));
        set(o, "beta", v -> b.beta(Double.parseDouble(v)));
        set(o, "threshold", v -> b.threshold(Double.parseDouble(v)));
        set(o, "rsd-threshold", v -> b.rsdThreshold(Double.parseDouble(v)));
        set(o, "temperature", v -> b.draftTemperature(Double.parseDouble(v)).baseTemperature(Double.parseDouble(v)));
        set(o, "draft-temperature", v -> b.draftTemperature(Double.parseDouble(v)));
        set(o, "base-temperature", v -> b.baseTemperature(Double.parseDouble(v)));
        set(o, "top-p", v -> b.topP(Double.parseDouble(v)));
        set(o, "max-steps", v -> b.maxSteps(Integer.parseInt(v)));
        set(o, "max-step-tokens", v -> b.maxStepTokens(Integer.parseInt(v)));
        set(o, "min-reward", v -> {
            if (v.equals("off")) {
                b.noMinReward();
            } else {
                b.minReward(Double.parseDouble(v));
            }
        });
        set(o, "min-reward-action", v -> b.minRewardAction(enumValue(MinRewardAction.class, "min-reward-action", v)));
        set(o, "draft-density", v -> b.proposalDensity(enumValue(ProposalDensity.class, "draft-density", v)));
        set(o, "timeout-seconds", v -> b.timeout(Duration.ofSeconds(Long.parseLong(v))));
        if (!o.containsKey("timeout-seconds")) {
            b.timeout(Duration.ofSeconds(600));
        }
        GsiOptions options = b.build();
        StepLayout layout = o.containsKey("prm-layout") ? enumValue(StepLayout.class, "prm-layout", o.get("prm-layout"))
                : paper ? StepLayout.REFERENCE_SPLIT : StepLayout.CANDIDATE_MARKER;
        String draftUrl = o.get("draft-url");
        String draft = o.get("draft");
        if (draft == null && draftUrl == null) {
            throw new IllegalArgumentException("--draft (a Jlama model) or --draft-url (a vLLM-served draft) is required");
        }
        ProposalDensity served = o.containsKey("draft-logprobs") ? switch (o.get("draft-logprobs")) {
            case "processed" -> ProposalDensity.EXACT;
            case "raw" -> ProposalDensity.RAW;
            default -> throw new IllegalArgumentException("--draft-logprobs must be processed or raw, was "
                    + o.get("draft-logprobs"));
        } : options.sampling().proposalDensity();
        List<Policy> policies = new ArrayList<>();
        for (String p : o.getOrDefault("policies", o.getOrDefault("policy", "gsi")).split(",")) {
            policies.add(enumValue(Policy.class, "policies", p.strip()));
        }
        int seeds = Integer.parseInt(o.getOrDefault("seeds", "1"));
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, was " + seeds);
        }
        return new RunSettings(Path.of(o.getOrDefault("problems", "math500.jsonl")), o.getOrDefault("problem-field", "problem"),
                o.getOrDefault("answer-field", "answer"), o.getOrDefault("id-field", "unique_id"),
                Path.of(o.getOrDefault("results", "math500-results.jsonl")), o.containsKey("resume"), draft,
                Path.of(o.getOrDefault("model-cache-dir", Path.of(System.getProperty("user.home"), ".jlama", "models")
                        .toString())),
                draftUrl, o.getOrDefault("draft-model", draft), served, required(o, "base-url"), required(o, "base-model"),
                required(o, "prm-url"), o.getOrDefault("prm-model", "Qwen/Qwen2.5-Math-PRM-7B"), List.copyOf(policies), seeds,
                Long.parseLong(o.getOrDefault("seed", "0")), Integer.parseInt(o.getOrDefault("limit", "0")),
                options.failureHandling().timeout().orElseThrow(), Integer.parseInt(o.getOrDefault("max-retries", "3")),
                o.containsKey("max-model-len") ? OptionalInt.of(Integer.parseInt(o.get("max-model-len"))) : OptionalInt.empty(),
                o.getOrDefault("system-prompt", PrmPromptRenderer.DEFAULT_SYSTEM_PROMPT), preset, options, layout);
    }

    /** The options of {@code policy}. */
    GsiOptions options(Policy policy) {
        return options.toBuilder().policy(policy).build();
    }

    /**
     * The decoding choices that make results comparable: a resumed results file must have been written with the
     * same ones. Endpoints, limits and the seed count are not among them.
     */
    String fingerprint(Policy policy) {
        GsiOptions o = options;
        Sampling sampling = o.sampling();
        OptionalDouble min = o.minReward().value();
        return String.format(Locale.ROOT, "policy=%s n=%d beta=%s u=%s delta=%s T_S=%s T_B=%s top-p=%s steps=%d "
                + "step-tokens=%d min-reward=%s/%s density=%s prm=%s base=%s draft=%s system=%d", policy, o.n(), o.beta(),
                o.gsi().threshold(), o.rsd().threshold(), sampling.draftTemperature(), sampling.baseTemperature(),
                sampling.topP(),
                o.limits().maxSteps(), o.limits().maxStepTokens(), min.isPresent() ? min.getAsDouble() : "off",
                o.minReward().action(), sampling.proposalDensity(),
                prmLayout, baseModel, draftModel, systemPrompt.hashCode());
    }

    private static Map<String, String> options(String... args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + KNOWN);
            }
            if (FLAGS.contains(name)) {
                o.put(name, "true");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            } else {
                o.put(name, args[++i]);
            }
        }
        return o;
    }

    private interface Setter {
        void accept(String value);
    }

    /** Applies option {@code name} if given, naming it in the error of a bad value. */
    private static void set(Map<String, String> o, String name, Setter setter) {
        String v = o.get(name);
        if (v == null) {
            return;
        }
        try {
            setter.accept(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + " has no value '" + value + "'; choose from "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        }
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
