// Start-up: --version, --help and list --json against bare Node (`node -e 0`), and the time until the first
// quiz question is on screen in a pseudo-terminal, against bare Node in one.
import { rmSync } from 'node:fs';
import { BIN, benchEnv, firstQuestionTimes, inTerminal, NODE, report, runOnce, summarize, tempDir, timeInterleaved } from './lib.mjs';

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

  const pty = await firstQuestionTimes(BIN, env, runs, { list: ['list', '--json'] });
  report('node -e 0 in a terminal (floor)', pty.floor);
  report('list --json in a terminal', pty.list, pty.floor);
  report('quiz: first question on screen', pty.later, pty.floor, 2);
  report('  first quiz after installing', pty.first, pty.floor, 2);
  // A coding exercise first, in colour: its code highlighted, and the interpreter looked for before its menu
  // ("Your code"; "Your answer" where python3 is missing and it is answered as an open question).
  const colour = { ...env, NO_COLOR: '', TERM: 'xterm-256color' };
  const coding = ['quiz', '--topic', 'coding', '--type', 'open', '--seed', '3'];
  await inTerminal(BIN, coding, 'Your ', colour, '\x03');
  const exercise = { floor: [], menu: [] };
  for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
    exercise.floor.push(await inTerminal(null, ['-e', '0'], null, colour));
    exercise.menu.push(await inTerminal(BIN, coding, 'Your ', colour));
  }
  const floor = { ...summarize(exercise.floor), peakMb: 0 };
  report('quiz, a coding exercise first, in colour', { ...summarize(exercise.menu), peakMb: 0 }, floor);
  rmSync(home, { recursive: true, force: true });
  return t;
}
