// Encode throughput of the JavaScript reference (@huggingface/tokenizers) on the test corpus, for the
// benchmark module's TokenizerThroughput, which runs it and prints it beside the Java encoders:
//   node bench.mjs <family> <passes> <word lengths, comma-separated>
// prints one JSON object: {chars, passSeconds: [...], words: [{length, seconds}]}.
import fs from "node:fs";
import zlib from "node:zlib";
import { Tokenizer } from "@huggingface/tokenizers";

const [family, passesArg, lengthsArg] = process.argv.slice(2);
const res = (p) => new URL("../../resources/tokenizers/" + p, import.meta.url);
const gunzipJson = (p) => JSON.parse(zlib.gunzipSync(fs.readFileSync(res(p))));
const tok = new Tokenizer(gunzipJson(`${family}/tokenizer.json.gz`), gunzipJson(`${family}/tokenizer_config.json.gz`));
const strings = JSON.parse(fs.readFileSync(res("corpus/strings.json")));
const chars = strings.reduce((n, s) => n + s.length, 0);

function pass(list) {
  const t0 = process.hrtime.bigint();
  let ids = 0;
  for (const s of list) ids += tok.encode(s, { add_special_tokens: false }).ids.length;
  return [Number(process.hrtime.bigint() - t0) / 1e9, ids];
}

/** The same deterministic letters as the Java side (an LCG). */
function word(n) {
  let s = 7;
  let w = "";
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    w += String.fromCharCode(97 + Math.floor((s / 2 ** 32) * 26));
  }
  return w;
}

pass(strings); // warm-up
const passSeconds = [];
for (let i = 0; i < Number(passesArg); i++) passSeconds.push(pass(strings)[0]);
const words = [];
for (const n of lengthsArg.split(",").map(Number)) {
  const w = word(n);
  pass([w]);
  const times = [0, 1, 2].map(() => pass([w])[0]).sort((a, b) => a - b);
  words.push({ length: n, seconds: times[1] });
}
console.log(JSON.stringify({ chars, passSeconds, words }));
