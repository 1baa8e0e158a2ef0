// A user's history at scale: the `history` table, HTML and CSV exports of everything, the first quiz question, and
// `show` of the longest case study, with 1, 1,000 and 10,000 stored sessions of 10 results on real question ids.
// With --compare <other build's bin/mle-prep.js>, every case runs against both builds, interleaved, in one run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledFiles, bundledQuestions } from './bank.mjs';
import { benchEnv, firstQuestionTimes, fmt, inTerminal, NODE, ROOT, runOnce, summarize, tempDir, timeInterleaved } from './lib.mjs';

const ANSWER =
  'I would watch the input distributions with PSI per feature and alert above 0.2, keep a labelled sample to measure accuracy ' +
  'when labels arrive late, and roll back to the previous model when both move together; the trade-off is alert fatigue.';

/** `count` sessions an hour apart, each with 10 results on real question ids of the bundled bank. */
export function sessions(count) {
  const questions = bundledQuestions();
  return Array.from({ length: count }, (_, i) => {
    const started = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      user: 'bench',
      mode: 'quiz',
      startedAt: started.toISOString(),
      finishedAt: new Date(started.getTime() + 600_000).toISOString(),
      completed: true,
      filters: { count: 10, seed: i },
      score: 0.6,
      results: Array.from({ length: 10 }, (_, j) => {
        const q = questions[(i * 7 + j * 13) % questions.length];
        const score = ((i + j) % 5) / 4;
        const common = {
          questionId: q.id,
          topic: q.topic,
          difficulty: q.difficulty,
          timeSeconds: 30 + ((i * j) % 200),
          timedOut: false,
          status: 'answered',
          score,
        };
        return q.type === 'choice'
          ? { ...common, type: 'choice', score: score >= 0.5 ? 1 : 0, picked: [j % 3] }
          : { ...common, type: 'open', answer: ANSWER, keyPointsCovered: [0, 1], keyPointsTotal: 4 };
      }),
    };
  });
}

/** The id of the longest Markdown question (a case study). */
function longestCase() {
  const [, text] = bundledFiles()
    .filter(([path]) => path.endsWith('.md'))
    .sort((a, b) => b[1].length - a[1].length)[0];
  return { id: /^id:\s*["']?([\w.-]+)/m.exec(text)[1], kb: Buffer.byteLength(text) / 1024 };
}

/** A profile for each build with `count` sessions imported, and the bank cache warm. */
function profiles(builds, count, dir) {
  const file = join(dir, `sessions-${count}.json`);
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, sessions: sessions(count) }));
  const out = {};
  for (const [name, bin] of Object.entries(builds)) {
    const env = benchEnv(join(dir, `${name}-${count}`));
    runOnce([NODE, bin, 'import', file], { env });
    runOnce([NODE, bin, 'list', '--json'], { env });
    out[name] = env;
  }
  rmSync(file);
  return out;
}

function line(label, s, floor, target) {
  const ratio = floor ? `  ${(s.median / floor.median).toFixed(2)}x node` : '';
  const mem = s.peakMb ? `  peak ${s.peakMb.toFixed(0)} MB` : '';
  const verdict = floor && target ? (s.median / floor.median <= target ? `  ok (target <= ${target}x)` : `  MISSED (target <= ${target}x)`) : '';
  console.log(`  ${label.padEnd(46)} ${fmt(s.median)} (p25-p75 ${s.p25.toFixed(0)}-${s.p75.toFixed(0)}, n=${s.n})${ratio}${mem}${verdict}`);
}

export async function benchHistory(runs, builds, counts = [1, 1000, 10000]) {
  const dir = tempDir();
  try {
    console.log(`\nHistory at scale (${Object.keys(builds).join(' vs ')}, interleaved; sessions of 10 results on real ids)`);
    for (const count of counts) {
      const envs = profiles(builds, count, dir);
      const commands = { floor: { args: [NODE, '-e', '0'] } };
      for (const [name, bin] of Object.entries(builds)) {
        const env = envs[name];
        const out = join(dir, `${name}-${count}-report`);
        commands[`${name} history`] = { args: [NODE, bin, 'history'], env };
        if (count > 1) {
          commands[`${name} export html --all`] = { args: [NODE, bin, 'export', '--all', '--format', 'html', '--output', `${out}.html`, '--force'], env };
          commands[`${name} export csv --all`] = { args: [NODE, bin, 'export', '--all', '--format', 'csv', '--output', `${out}.csv`, '--force'], env };
        }
      }
      const n = count >= 10000 ? Math.max(3, Math.floor(runs / 4)) : Math.max(3, Math.floor(runs / 2));
      const t = timeInterleaved(commands, n, 1);
      console.log(` ${count.toLocaleString('en')} session${count === 1 ? '' : 's'}`);
      for (const [label, s] of Object.entries(t)) {
        if (label === 'floor') continue;
        line(label, s, t.floor);
        // Target: the HTML report of 10,000 sessions under 300 MB at peak.
        if (count >= 10000 && label.endsWith('export html --all')) console.log(`  ${''.padEnd(46)} ${s.peakMb < 300 ? 'ok' : 'MISSED'} (target < 300 MB peak)`);
      }
      for (const name of Object.keys(builds)) {
        const html = join(dir, `${name}-${count}-report.html`);
        if (count > 1) console.log(`  ${`${name} html report size`.padEnd(46)} ${(statSync(html).size / 1e6).toFixed(1)} MB`);
      }
      // The first question on screen, in a pseudo-terminal, against `list --json` there (same terminal overhead).
      for (const [name, bin] of Object.entries(builds)) {
        const first = [];
        for (let i = 0; i < Math.max(3, Math.floor(runs / 3)); i++)
          first.push(await inTerminal(bin, ['quiz', '--topic', 'mlops', '--seed', '1'], 'Your answer', envs[name]));
        line(`${name} quiz: first question on screen`, { ...summarize(first), peakMb: 0 }, t.floor);
      }
      for (const name of Object.keys(builds)) rmSync(envs[name].XDG_CONFIG_HOME.replace(/\/config$/, ''), { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * This build packed and installed into an empty project, as npm installs it for a user (dependencies from the
 * registry or npm's cache); the path of its bin.
 */
function installedBuild(dir) {
  const project = join(dir, 'project');
  mkdirSync(project);
  const npm = (args, cwd) => {
    const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args, '--loglevel=error', '--prefer-offline'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
      timeout: 300_000,
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  // The build being measured, as it is (`npm run build` first): no prepack build.
  const tarball = npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT).trim().split('\n').at(-1);
  writeFileSync(join(project, 'package.json'), '{"name": "bench-project", "private": true}');
  npm(['install', '--ignore-scripts', join(dir, tarball)], project);
  return join(project, 'node_modules', 'mle-prep', 'bin', 'mle-prep.js');
}

/**
 * The first run after installing (no cache of the user's yet) and `show` of the longest case study, for each build
 * run from its folder and for this build installed from its package.
 */
export async function benchFirstRun(runs, builds) {
  const dir = tempDir();
  try {
    const longest = longestCase();
    console.log(`\nFirst run after installing, and show of the longest case study (${longest.id}, ${longest.kb.toFixed(1)} KB)`);
    const commands = { floor: { args: [NODE, '-e', '0'] } };
    let fresh = 0;
    const installed = installedBuild(dir);
    for (const [name, bin] of Object.entries({ ...builds, installed })) {
      const warm = benchEnv(join(dir, `${name}-warm`));
      runOnce([NODE, bin, 'list', '--json'], { env: warm });
      // A new, empty cache folder for every run: what each user's first run sees.
      commands[`${name} list --json, first run`] = { args: [NODE, bin, 'list', '--json'], env: () => benchEnv(join(dir, `${name}-fresh-${fresh++}`)) };
      commands[`${name} list --json, cache warm`] = { args: [NODE, bin, 'list', '--json'], env: warm };
      commands[`${name} show, first run`] = { args: [NODE, bin, 'show', longest.id], env: () => benchEnv(join(dir, `${name}-fresh-${fresh++}`)) };
      commands[`${name} show, cache warm`] = { args: [NODE, bin, 'show', longest.id], env: warm };
    }
    const t = timeInterleaved(commands, runs, 2);
    // Targets: list and show within 2x bare node, on the first run after installing as on later ones.
    for (const [label, s] of Object.entries(t)) line(label, s, label === 'floor' ? undefined : t.floor, label === 'floor' ? undefined : 2);

    // show of the longest case (a coding question) in a terminal, as users see it: without colour, and with colour,
    // where its code blocks are highlighted (the highlighter loads at the first coloured block).
    const terminal = { floor: [] };
    for (const name of Object.keys(builds)) Object.assign(terminal, { [`${name} plain`]: [], [`${name} colour`]: [] });
    const plainEnv = benchEnv(join(dir, 'terminal'));
    const colourEnv = { ...plainEnv, NO_COLOR: '', TERM: 'xterm-256color' };
    for (let i = 0; i < Math.max(5, Math.floor(runs / 2)) + 1; i++) {
      const keep = i > 0; // the first round fills each build's caches
      const ms = await inTerminal(null, ['-e', '0'], null, plainEnv);
      if (keep) terminal.floor.push(ms);
      for (const [name, bin] of Object.entries(builds)) {
        const plain = await inTerminal(bin, ['show', longest.id], null, plainEnv);
        const colour = await inTerminal(bin, ['show', longest.id], null, colourEnv);
        if (keep) terminal[`${name} plain`].push(plain);
        if (keep) terminal[`${name} colour`].push(colour);
      }
    }
    const inTerm = Object.fromEntries(Object.entries(terminal).map(([name, ms]) => [name, { ...summarize(ms), peakMb: 0 }]));
    line('node -e 0 in a terminal', inTerm.floor);
    for (const name of Object.keys(builds)) {
      line(`${name} show in a terminal, no colour`, inTerm[`${name} plain`], inTerm.floor, 2);
      line(`${name} show in a terminal, colour`, inTerm[`${name} colour`], inTerm.floor);
    }

    // The installed package's first quiz question: on the first run, and once a quiz has cached its compiled code.
    const pty = await firstQuestionTimes(installed, benchEnv(join(dir, 'installed-quiz')), runs);
    line('node -e 0 in a terminal', pty.floor);
    line('installed quiz: first question, first run', pty.first, pty.floor, 2);
    line('installed quiz: first question, later runs', pty.later, pty.floor, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a build's own package.json version, for the heading. */
export function buildLabel(bin) {
  try {
    return JSON.parse(readFileSync(join(bin, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}
