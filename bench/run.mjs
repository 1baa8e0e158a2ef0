// npm run bench [-- --quick] [-- --compare <other build's bin/mle-prep.js>]: every performance target of mle-prep,
// measured against its floor in one run. Figures are medians over repeated runs with the 25th-75th percentile
// spread and each case's peak memory; targets are checked here, never in timed tests. With --compare, the cases
// that grow with the user's data run against both builds, interleaved, so before and after come from one run.
import { resolve } from 'node:path';
import { benchGrading } from './grading.mjs';
import { benchFirstRun, benchHistory } from './history.mjs';
import { BIN } from './lib.mjs';
import { benchStartup } from './startup.mjs';
import { benchSaveAtScale, benchStore } from './store.mjs';
import { benchValidate } from './validate.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const compareAt = args.indexOf('--compare');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const builds = { new: BIN, ...(compareAt >= 0 ? { old: resolve(args[compareAt + 1]) } : {}) };
const runs = quick ? 8 : 20;
const wanted = (name) => !only || only.includes(name);
console.log(`mle-prep benchmarks on Node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
if (wanted('startup')) await benchStartup(runs);
if (wanted('first-run')) await benchFirstRun(runs, builds);
if (wanted('history')) await benchHistory(runs, builds, quick ? [1, 1000, 10000] : [1, 1000, 10000]);
if (wanted('validate')) benchValidate(runs, quick ? [1000, 10000] : [1000, 10000, 50000], builds);
if (wanted('store')) {
  benchStore(runs, 10000);
  await benchSaveAtScale(runs, 60000);
}
console.log('');
if (wanted('grading')) await benchGrading();
// Hostile code against the exercise runner (needs python3 with NumPy and a build).
if (wanted('code')) await import('./code-runner.mjs');
