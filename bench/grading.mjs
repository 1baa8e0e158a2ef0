// npm run bench -- grading (or node bench/grading.mjs [--misses]): precision and recall of the offline key-point
// suggestions on the labelled answers in bench/grading/. Targets: precision >= 0.85, recall >= 0.75, and answers
// that restate the question, wander off topic or list the key points' words get at most 10% of points suggested.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './lib.mjs';

const TARGETS = { precision: 0.85, recall: 0.75, gamed: 0.1 };

export async function benchGrading({ misses = false } = {}) {
  // Inside the repository (ignored by git), so the bundle finds node_modules.
  mkdirSync(join(ROOT, '.bench-tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.bench-tmp', 'grading-'));
  try {
    const out = join(dir, 'evaluate.mjs');
    await build({
      entryPoints: [join(ROOT, 'bench/grading/evaluate.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      packages: 'external',
      logLevel: 'warning',
      define: { MLE_PREP_VERSION: '"bench"', MLE_PREP_BUILD_ID: '"bench"' },
    });
    const { evaluate, precision, recall } = await import(out);
    const result = evaluate({ a: join(ROOT, 'bench/grading/labelled-a.yaml'), b: join(ROOT, 'bench/grading/labelled-b.yaml') });
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    const line = (name, c) =>
      `  ${name.padEnd(18)} ${String(c.answers).padStart(3)} answers  precision ${pct(precision(c)).padStart(6)}  recall ${pct(recall(c)).padStart(6)}` +
      (c.gamedPoints ? `  on restated/off-topic/stuffed answers ${pct(c.gamedSuggested / c.gamedPoints)} (worst one ${pct(c.gamedWorst)})` : '');
    console.log('Key-point suggestions on labelled answers');
    console.log(line('all', result.overall));
    for (const [set, c] of Object.entries(result.bySet)) console.log(line(`set ${set}`, c));
    for (const [kind, c] of Object.entries(result.byKind)) console.log(line(kind, c));
    const o = result.overall;
    const checks = [
      ['precision', precision(o) >= TARGETS.precision, `${pct(precision(o))} (target >= ${pct(TARGETS.precision)})`],
      ['recall', recall(o) >= TARGETS.recall, `${pct(recall(o))} (target >= ${pct(TARGETS.recall)})`],
      [
        'gamed answers',
        o.gamedSuggested / o.gamedPoints <= TARGETS.gamed,
        `${pct(o.gamedSuggested / o.gamedPoints)} of their points suggested (target <= ${pct(TARGETS.gamed)})`,
      ],
    ];
    for (const [name, ok, text] of checks) console.log(`  ${ok ? 'PASS' : 'MISS'} ${name}: ${text}`);
    if (misses)
      for (const m of result.misses)
        console.log(`  ${m.label ? 'missed' : 'extra '} ${m.set} ${m.kind.padEnd(15)} ${m.question}[${m.index}] ${m.confidence}  ${m.keyPoint}`);
    return checks.every(([, ok]) => ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await benchGrading({ misses: process.argv.includes('--misses') });
  process.exitCode = ok ? 0 : 1;
}
