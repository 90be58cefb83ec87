package io.github.gsi4j.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.gsi4j.tokenizer.jinja.JinjaTemplate;
import io.github.gsi4j.tokenizer.jinja.TemplateException;

/**
 * A model folder's tokenizer and chat template, as Hugging Face's {@code AutoTokenizer} reads them: only
 * {@code tokenizer.json} (or {@code .json.gz}) and, optionally, {@code tokenizer_config.json} and
 * {@code chat_template.jinja} are needed, no weights. Thread-safe and immutable.
 *
 * <p>
 * {@link #encodeChat} gives the ids of
 * {@code apply_chat_template(messages, add_generation_prompt=True, tokenize=True)}: the template is
 * rendered with {@code messages}, {@code add_generation_prompt=True}, {@code tools=None},
 * {@code documents=None} and the special tokens ({@code bos_token}, {@code eos_token}, ...) of
 * {@code tokenizer_config.json}, and the text is encoded without adding BOS/EOS (whatever BOS the model
 * needs, its template writes). Two differences from Hugging Face, both on purpose:
 * <ul>
 * <li>message content is data: the template never evaluates it (Hugging Face's Jinja2 does not either),
 * and added tokens typed in it are encoded as text, while the template's own tokens stay control tokens;
 * so no message can close its turn and forge another. Hugging Face's {@code split_special_tokens=True}
 * does this for special tokens only; here it holds for every added token, since some templates' turn
 * markers are not marked special (DeepSeek-V3's {@code <｜User｜>}, {@code <｜Assistant｜>});</li>
 * <li>a folder without a chat template gets a plain rendering ({@code role: content} paragraphs, then
 * {@code assistant: }) encoded with the tokenizer's BOS/EOS, where Hugging Face refuses.</li>
 * </ul>
 */
public final class ChatTokenizer {

    private final Path folder;
    private final HfTokenizer tokenizer;
    private final TokenizerConfig config;
    private final JinjaTemplate template;

    private ChatTokenizer(Path folder, HfTokenizer tokenizer, TokenizerConfig config) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.config = config;
        try {
            this.template = config.chatTemplate().map(JinjaTemplate::parse).orElse(null);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("The chat template of " + folder + " does not parse: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Reads the tokenizer and chat template of {@code folder}.
     *
     * @throws IllegalArgumentException naming the folder when it or its {@code tokenizer.json} is missing,
     *         unreadable or of an unsupported kind, or when its chat template does not parse
     */
    public static ChatTokenizer load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Tokenizer folder " + folder + " does not exist");
        }
        try {
            TokenizerConfig config = TokenizerConfig.read(folder);
            return new ChatTokenizer(folder, HfTokenizer.load(folder, config), config);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the tokenizer of " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The folder the files were read from. */
    public Path folder() {
        return folder;
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    public TokenizerConfig config() {
        return config;
    }

    /** The ids of plain text, without BOS/EOS ({@code add_special_tokens=False}). */
    public int[] encode(String text) {
        return tokenizer.encode(text);
    }

    /** The id of {@code bos_token} of {@code tokenizer_config.json}, if it names one. */
    public java.util.OptionalInt bosId() {
        return config.bosToken().map(t -> tokenizer.id(t)).orElse(java.util.OptionalInt.empty());
    }

    /** Whether the folder has a chat template (otherwise {@link #render} uses a plain layout). */
    public boolean hasTemplate() {
        return template != null;
    }

    /**
     * The prompt text of {@code turns} ready for the assistant's answer, with the characters that came from
     * message content marked as data.
     *
     * @param extra more template variables (such as Qwen3's {@code enable_thinking}); may be empty
     * @throws IllegalArgumentException naming the folder and the template line when the template fails
     *         ({@code raise_exception}, for example for roles that do not alternate)
     */
    public MarkedText render(List<ChatTurn> turns, Map<String, ?> extra) {
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        if (template == null) {
            MarkedText out = MarkedText.template("");
            for (ChatTurn t : turns) {
                out = out.concat(MarkedText.template(t.role() + ": ")).concat(MarkedText.data(t.content()))
                        .concat(MarkedText.template("\n\n"));
            }
            return out.concat(MarkedText.template("assistant: "));
        }
        List<Map<String, Object>> messages = new ArrayList<>(turns.size());
        for (ChatTurn t : turns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", t.role());
            m.put("content", MarkedText.data(t.content()));
            messages.add(m);
        }
        Map<String, Object> variables = new LinkedHashMap<>(config.specialTokensMap());
        variables.put("messages", messages);
        variables.put("add_generation_prompt", true);
        variables.put("tools", null);
        variables.put("documents", null);
        variables.putAll(extra);
        try {
            return template.render(variables);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("The chat template of " + folder + " failed at line " + e.line() + ": "
                    + e.reason(), e);
        }
    }

    /** {@link #render(List, Map)} without extra variables. */
    public MarkedText render(List<ChatTurn> turns) {
        return render(turns, Map.of());
    }

    /**
     * The prompt ids of {@code turns}, ready for the assistant's answer (see the class comment).
     *
     * @throws IllegalArgumentException for no turns, or naming the folder and template line when the template
     *         fails
     */
    public int[] encodeChat(List<ChatTurn> turns, Map<String, ?> extra) {
        MarkedText prompt = render(turns, extra);
        return template == null ? tokenizer.encode(prompt, true) : tokenizer.encode(prompt);
    }

    /** {@link #encodeChat(List, Map)} without extra variables. */
    public int[] encodeChat(List<ChatTurn> turns) {
        return encodeChat(turns, Map.of());
    }

    @Override
    public String toString() {
        return "ChatTokenizer[" + folder + "]";
    }
}
