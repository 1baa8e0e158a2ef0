// npm run bench [-- --quick]: every performance target of mle-prep, measured against its floor in one run.
// Figures are medians over repeated runs with the 25th-75th percentile spread; targets are checked here, never
// in timed tests.
import { benchGrading } from './grading.mjs';
import { benchStartup } from './startup.mjs';
import { benchSaveAtScale, benchStore } from './store.mjs';
import { benchValidate } from './validate.mjs';

const quick = process.argv.includes('--quick');
const runs = quick ? 8 : 20;
console.log(`mle-prep benchmarks on Node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
await benchStartup(runs);
benchValidate(runs, quick ? [1000, 10000] : [1000, 10000, 50000]);
benchStore(runs, 10000);
benchSaveAtScale(runs, 60000);
console.log('');
await benchGrading();
// Hostile code against the exercise runner (needs python3 with NumPy and a build).
await import('./code-runner.mjs');
