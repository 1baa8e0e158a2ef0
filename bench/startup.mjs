// Start-up: --version, --help and list --json against bare Node (`node -e 0`), and the time until the first
// quiz question is on screen in a pseudo-terminal.
import { spawn } from '@lydell/node-pty';
import { BIN, benchEnv, NODE, report, runOnce, summarize, tempDir, timeInterleaved } from './lib.mjs';

export async function benchStartup(runs) {
  const home = tempDir();
  const env = benchEnv(home);
  runOnce([NODE, BIN, 'list', '--json'], { env }); // fills the bank cache, as any earlier run would
  const t = timeInterleaved(
    {
      floor: [NODE, '-e', '0'],
      version: [NODE, BIN, '--version'],
      help: [NODE, BIN, '--help'],
      list: [NODE, BIN, 'list', '--json'],
    },
    runs,
    3,
    { env },
  );
  console.log('Start-up (ratio to `node -e 0` in the same run)');
  report('node -e 0 (floor)', t.floor);
  report('mle-prep --version', t.version, t.floor, 1.3);
  report('mle-prep --help', t.help, t.floor, 1.3);
  report('mle-prep list --json', t.list, t.floor, 2);

  const cold = [];
  for (let i = 0; i < Math.max(3, Math.floor(runs / 4)); i++) cold.push(runOnce([NODE, BIN, 'list', '--json'], { env: benchEnv(tempDir()) }).ms);
  report('mle-prep list --json, no cache yet', { ...summarize(cold), peakMb: 0 }, t.floor);

  const firstQuestion = [];
  for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) firstQuestion.push(await timeToFirstQuestion(env));
  report('quiz: first question on screen', { ...summarize(firstQuestion), peakMb: 0 }, t.floor);
  report('   (against list --json)', { ...summarize(firstQuestion), peakMb: 0 }, t.list, 1.5);
  return t;
}

function timeToFirstQuestion(env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const term = spawn(NODE, [BIN, 'quiz', '--topic', 'mlops', '--seed', '1'], { cols: 100, rows: 40, env });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no question after 20 s: ${out.slice(-300)}`)), 20_000);
    term.onData((d) => {
      out += d;
      if (out.includes('Your answer')) {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        clearTimeout(timer);
        term.kill();
        resolve(ms);
      }
    });
  });
}
