package io.github.gsi4j.bench.math500;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Problems from a JSONL file with configurable field names: MATH500 ({@code problem}, {@code answer},
 * {@code unique_id}), OlympiadBench ({@code question}, {@code final_answer}, a list whose first element is the
 * answer, as the GSI reference code takes it), Minerva Math ({@code question}, {@code answer}).
 *
 * @param id the problem's id field, or {@code #index} (from 0) when it has none
 * @param problem the question
 * @param answer the reference answer
 */
record Problems(String id, String problem, String answer) {

    /** The problems of {@code file}, the first {@code limit} of them when {@code limit > 0}. */
    static List<Problems> read(Path file, String problemField, String answerField, String idField, int limit) {
        List<JsonNode> lines = ResultsFile.read(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no problems in " + file + " (a JSONL file, one problem a line)");
        }
        List<Problems> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && (limit <= 0 || out.size() < limit); i++) {
            JsonNode p = lines.get(i);
            out.add(new Problems(p.hasNonNull(idField) ? p.get(idField).asText() : "#" + i, field(p, problemField, i, file),
                    field(p, answerField, i, file)));
        }
        return out;
    }

    private static String field(JsonNode p, String name, int line, Path file) {
        JsonNode v = p.get(name);
        if (v != null && v.isArray() && !v.isEmpty()) {
            v = v.get(0);
        }
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new IllegalArgumentException(file + " line " + (line + 1) + " has no text field '" + name
                    + "' (choose the field with --problem-field / --answer-field)");
        }
        return v.asText();
    }
}
