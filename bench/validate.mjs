// `validate` on generated banks of 1k, 10k and 50k files against the floor for that work: a script that only
// reads the same files and parses their YAML with the same parser.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, benchEnv, NODE, report, ROOT, tempDir, timeInterleaved } from './lib.mjs';

const ANSWER =
  'A model answer long enough to pass the length check: it states the idea directly, explains why it works, names the trade-offs and ' +
  'when not to use it, gives a concrete number such as a PSI above 0.2 meaning a real shift, and closes with the mistake candidates ' +
  'most often make, which is quoting a threshold without saying what it protects against.';

/** Half Markdown, half YAML question files, 100 to a folder. */
export function generateBank(dir, files) {
  writeFileSync(join(dir, 'topics.yaml'), 'topics:\n  - id: bench\n    title: Bench\n    description: Generated questions.\n');
  for (let i = 0; i < files; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder);
    const id = `bench-q${i}`;
    if (i % 2) {
      writeFileSync(
        join(folder, `${id}.md`),
        `---\nid: ${id}\ntopic: bench\ndifficulty: intermediate\ntags: [bench, generated]\nkey_points:\n  - First point\n  - Second point\n  - Third point\n---\nQuestion ${i}: explain it.\n\n## Answer\n${ANSWER}\n`,
      );
    } else {
      writeFileSync(
        join(folder, `${id}.yaml`),
        `questions:\n  - id: ${id}\n    topic: bench\n    difficulty: beginner\n    type: choice\n    tags: [bench]\n    prompt: Question ${i}?\n    choices:\n      - text: Right\n        correct: true\n        explanation: Because.\n      - text: Wrong\n        explanation: Because not.\n    key_points: [one, two, three]\n    answer: |\n      ${ANSWER}\n`,
      );
    }
  }
}

export function benchValidate(runs, sizes = [1000, 10000, 50000]) {
  console.log('\nValidate (ratio to reading the files and parsing their YAML with the same parser)');
  const floorScript = join(ROOT, 'bench', 'validate-floor.mjs');
  const rows = [];
  for (const size of sizes) {
    const dir = tempDir();
    generateBank(dir, size);
    const env = benchEnv(dir);
    const n = size >= 50000 ? Math.max(2, Math.floor(runs / 5)) : size >= 10000 ? Math.max(3, Math.floor(runs / 3)) : runs;
    const t = timeInterleaved({ floor: [NODE, floorScript, dir], validate: [NODE, BIN, 'validate', dir] }, n, 1, { env });
    report(`floor, ${size} files`, t.floor);
    const target = size === 10000 ? 1.5 : undefined;
    report(`mle-prep validate, ${size} files`, t.validate, t.floor, target);
    rows.push({ size, ms: t.validate.median, peakMb: t.validate.peakMb });
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0];
  console.log(`  growth: ${rows.map((r) => `${r.size} files ${(r.ms / r.size).toFixed(3)} ms/file`).join(', ')}`);
  const tenK = rows.find((r) => r.size === 10000);
  if (tenK?.peakMb) console.log(`  peak memory at 10k files: ${tenK.peakMb.toFixed(0)} MB ${tenK.peakMb < 200 ? 'ok (target < 200 MB)' : 'MISSED (target < 200 MB)'}`);
  return { base, rows };
}
