// Start-up: --version, --help and list --json against bare Node (`node -e 0`), and the time until the first
// quiz question is on screen in a pseudo-terminal, against bare Node in one.
import { rmSync } from 'node:fs';
import { BIN, benchEnv, inTerminal, NODE, report, runOnce, summarize, tempDir, timeInterleaved } from './lib.mjs';

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
  for (let i = 0; i < Math.max(3, Math.floor(runs / 4)); i++) {
    const fresh = tempDir();
    cold.push(runOnce([NODE, BIN, 'list', '--json'], { env: benchEnv(fresh) }).ms);
    rmSync(fresh, { recursive: true, force: true });
  }
  report('mle-prep list --json, no cache yet', { ...summarize(cold), peakMb: 0 }, t.floor);

  // All in a pseudo-terminal, so the comparison carries the same terminal overhead. A user's earlier quiz, left
  // with Ctrl-C, has cached its compiled code; the first quiz after installing has neither that nor the bank cache.
  const quiz = ['quiz', '--topic', 'mlops', '--seed', '1'];
  await inTerminal(BIN, quiz, 'Your answer', env, '\x03');
  const firstQuestion = [];
  const firstEver = [];
  const listInPty = [];
  const nodeInPty = [];
  for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
    nodeInPty.push(await inTerminal(null, ['-e', '0'], null, env));
    listInPty.push(await inTerminal(BIN, ['list', '--json'], null, env));
    firstQuestion.push(await inTerminal(BIN, quiz, 'Your answer', env));
    const fresh = tempDir();
    firstEver.push(await inTerminal(BIN, quiz, 'Your answer', benchEnv(fresh)));
    rmSync(fresh, { recursive: true, force: true });
  }
  const floorPty = { ...summarize(nodeInPty), peakMb: 0 };
  report('node -e 0 in a terminal (floor)', floorPty);
  report('list --json in a terminal', { ...summarize(listInPty), peakMb: 0 }, floorPty);
  report('quiz: first question on screen', { ...summarize(firstQuestion), peakMb: 0 }, floorPty, 2);
  report('  first quiz after installing', { ...summarize(firstEver), peakMb: 0 }, floorPty, 2);
  rmSync(home, { recursive: true, force: true });
  return t;
}
