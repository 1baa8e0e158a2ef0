// usage: node run.mjs <home> [args...]  — runs mle-prep quiz in a pty with --cpu-prof, Ctrl-C on "Your answer"
import { spawn } from '/work/main/node_modules/@lydell/node-pty/index.js';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
const [home, ...args] = process.argv.slice(2);
const dir = '/tmp/prof/out';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home + '/.config', XDG_CACHE_HOME: home + '/.cache', XDG_DATA_HOME: home + '/.local/share' };
delete env.NODE_EXTRA_CA_CERTS;
delete env.NODE_OPTIONS;
const prof = process.env.PROF !== '0';
const nodeArgs = [
  ...(prof ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', process.env.INTERVAL ?? '50'] : []),
  '/work/main/bin/mle-prep.js',
  ...(args.length ? args : ['quiz', '--topic', 'mlops', '--seed', '1']),
];
const t0 = process.hrtime.bigint();
const term = spawn(process.execPath, nodeArgs, { cols: 100, rows: 40, env });
let out = '';
let seen;
term.onData((d) => {
  out += d;
  if (!seen && out.includes(process.env.WAITFOR ?? 'Your answer')) {
    seen = Number(process.hrtime.bigint() - t0) / 1e6;
    term.write('\x03');
  }
});
term.onExit(() => {
  console.log('seen at', seen?.toFixed(1));
  if (!prof) return;
  const file = readdirSync(dir)[0];
  const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // find cut: first sample whose stack contains a function named like SIGINT handler
  let t = 0;
  const self = new Map();
  const files = new Map();
  let cut = Infinity;
  const times = [];
  for (const d of p.timeDeltas) {
    t += d;
    times.push(t);
  }
  const stackOf = (id) => {
    const s = [];
    for (let x = id; x !== undefined; x = parent.get(x)) s.push(byId.get(x).callFrame);
    return s;
  };
  const cutName = process.env.CUT;
  for (let i = 0; i < p.samples.length; i++) {
    if (cutName && stackOf(p.samples[i]).some((f) => f.functionName === cutName)) {
      cut = times[i];
      break;
    }
  }
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] >= cut) break;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const f = byId.get(p.samples[i]).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const fk = f.url.replace(/.*\/(dist|node_modules)\//, '$1/') || f.functionName;
    files.set(fk, (files.get(fk) ?? 0) + dt);
    total += dt;
  }
  console.log('profile total ms', total.toFixed(1), 'cut', cut === Infinity ? 'none' : (cut / 1000).toFixed(1));
  console.log(
    [...files]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([k, v]) => `${v.toFixed(1).padStart(6)} ${k}`)
      .join('\n'),
  );
  console.log('---');
  console.log(
    [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.TOP ?? 30))
      .map(([k, v]) => `${v.toFixed(1).padStart(6)} ${k}`)
      .join('\n'),
  );
});
