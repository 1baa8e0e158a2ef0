// node bench/code-runner.mjs (also the last part of npm run bench): the exercise runner against hostile code. Each case prints
// its verdict, the wall time to that verdict (median of a few runs) and whether any process outlived the run.
// Timings belong here, not in the tests, which assert verdicts only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const python = process.env.MLE_PREP_PYTHON || 'python3';
if (spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status !== 0) {
  console.log(`code runner: skipped (${python} with NumPy not found)`);
  process.exit(0);
}
// The runner is TypeScript; the build writes it as dist/code/runner.cjs, which the bench loads.
const built = fileURLToPath(new URL('../dist/code/runner.cjs', import.meta.url));
if (!existsSync(built)) throw new Error('build first: npm run build');
const { runExercise } = createRequire(import.meta.url)(built);

const exercise = {
  language: 'python',
  stub: '',
  cases: [{ name: 'small', call: 'add(1, 2)', expect: '3', hidden: false, line: 1 }],
  tolerance: 1e-6,
  ordered: true,
  line: 1,
};
const MARK = `MLE_PREP_BENCH=${process.pid}`;
const survivors = () =>
  readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(MARK);
    } catch {
      return false;
    }
  }).length;

const cases = [
  ['correct solution', 'def add(a, b):\n    return a + b\n'],
  ['infinite loop', 'def add(a, b):\n    while True:\n        pass\n'],
  ['time.sleep(3600) at import', 'import time\ntime.sleep(3600)\n'],
  ['20 GB allocation', 'import numpy as np\nbig = np.ones(20 * 1024**3, dtype=np.uint8)\n'],
  ['200 forked children', 'import os, time\nfor _ in range(200):\n    if os.fork() == 0:\n        time.sleep(3600)\n        os._exit(0)\ntime.sleep(3600)\n'],
  ['200 MB printed', 'import sys\nfor _ in range(200 * 1024):\n    sys.stdout.write("x" * 1023 + "\\n")\n'],
];
const runs = process.argv.includes('--quick') ? 1 : 3;
console.log(`code runner (default limits: 5 s wall, 2 GB address space, 16 processes, 1 MB output), median of ${runs}`);
for (const [name, code] of cases) {
  const times = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    report = await runExercise({ exercise, code, python, env: { ...process.env, MLE_PREP_BENCH: String(process.pid) } });
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const left = survivors();
  console.log(
    `  ${name.padEnd(28)} ${report.verdict.padEnd(8)} ${times[Math.floor(times.length / 2)].toFixed(2).padStart(5)} s  ${left ? `${left} processes left!` : 'nothing left running'}  ${report.message ?? ''}`,
  );
}
