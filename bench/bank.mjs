// Realistic banks for the benchmarks: copies of the bundled question files, each copy's ids made unique, so file
// sizes, Markdown and YAML are what a real bank holds.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const BUNDLED = join(ROOT, 'questions');

/** The bundled question files (not topics.yaml), as [relative path, text]. */
export function bundledFiles() {
  const out = [];
  for (const topic of readdirSync(BUNDLED, { withFileTypes: true })) {
    if (!topic.isDirectory()) continue;
    for (const file of readdirSync(join(BUNDLED, topic.name)).sort()) {
      if (/\.(md|ya?ml)$/.test(file)) out.push([`${topic.name}/${file}`, readFileSync(join(BUNDLED, topic.name, file), 'utf8')]);
    }
  }
  return out;
}

/** The real question ids of the bundled bank, with their topic, difficulty and type. */
export function bundledQuestions() {
  const questions = [];
  for (const [path, text] of bundledFiles()) {
    const topic = path.split('/')[0];
    const ids = [...text.matchAll(/^\s*(?:- )?id:\s*["']?([\w.-]+)/gm)].map((m) => m[1]);
    const types = [...text.matchAll(/^\s*type:\s*(\w+)/gm)].map((m) => m[1]);
    const levels = [...text.matchAll(/^\s*difficulty:\s*["']?(\w+)/gm)].map((m) => m[1]);
    for (const [i, id] of ids.entries())
      questions.push({ id, topic, type: path.endsWith('.md') ? (types[0] ?? 'open') : (types[i] ?? 'open'), difficulty: levels[i] ?? 'intermediate' });
  }
  return questions;
}

/** `files` question files, 100 to a folder: the bundled files in turn, copy n's ids ending in `-c<n>`. */
export function generateRealBank(dir, files) {
  const sources = bundledFiles();
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder);
    const [path, text] = sources[i % sources.length];
    const copy = Math.floor(i / sources.length);
    const unique = copy === 0 ? text : text.replace(/^(\s*(?:- )?id:\s*["']?)([\w.-]+)/gm, `$1$2-c${copy}`);
    const name = path.replace('/', '-');
    writeFileSync(join(folder, name), unique);
    bytes += Buffer.byteLength(unique);
  }
  return { files, meanBytes: bytes / files };
}
