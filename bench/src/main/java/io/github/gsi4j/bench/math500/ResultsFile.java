package io.github.gsi4j.bench.math500;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runner's results: one JSON line per attempt at a problem (policy, seed, problem id), appended as soon as it
 * is done, so an interrupted run loses nothing. A later line for the same attempt replaces an earlier one (a
 * retried failure).
 */
final class ResultsFile {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Map<String, JsonNode> latest = new LinkedHashMap<>();

    ResultsFile(Path path) {
        this.path = path;
        for (JsonNode line : read(path)) {
            latest.put(key(line), line);
        }
    }

    /** The key of an attempt. */
    static String key(String policy, long seed, String id) {
        return policy + "\u0000" + seed + "\u0000" + id;
    }

    private static String key(JsonNode line) {
        return key(line.path("policy").asText(), line.path("seed").asLong(), line.path("id").asText());
    }

    /** Whether the file has no results yet. */
    boolean isEmpty() {
        return latest.isEmpty();
    }

    /** The latest line of each attempt, in the order they were first written. */
    List<JsonNode> lines() {
        return List.copyOf(latest.values());
    }

    /** The latest line of an attempt, or null. */
    JsonNode get(String key) {
        return latest.get(key);
    }

    /** Appends a line (replacing the attempt's earlier one). */
    void append(JsonNode line) {
        try {
            Files.writeString(path, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        latest.remove(key(line));
        latest.put(key(line), line);
    }

    /** The JSON lines of a file; none if it does not exist. */
    static List<JsonNode> read(Path jsonl) {
        if (!Files.exists(jsonl)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
    }
}
