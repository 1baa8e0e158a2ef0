// Shared helpers for the benchmarks: timing a command many times and reporting median and spread.
import { spawnSync } from 'node:child_process';
import { spawn } from '@lydell/node-pty';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'mle-prep.js');
export const NODE = process.execPath;

export function tempDir(prefix = 'mle-prep-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Variables through which the machine would slow down Node itself, floor included, and so flatter every ratio:
 * NODE_EXTRA_CA_CERTS makes Node 20 read and parse a certificate bundle before running anything (about 60 ms
 * here), NODE_OPTIONS can preload code.
 */
const NODE_STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

/** This process's environment without those variables. */
export function plainNodeEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of NODE_STARTUP_VARIABLES) delete env[name];
  return env;
}

/** An environment that keeps the benchmark away from the user's own profile and cache, and Node's start plain. */
export function benchEnv(home) {
  return plainNodeEnv({ XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1', MLE_PREP_USER: 'bench' });
}

const hasGnuTime = existsSync('/usr/bin/time');

/** Runs a command once; wall time in ms and, where GNU time exists, peak memory in MB. */
export function runOnce(args, options = {}) {
  const command = hasGnuTime ? '/usr/bin/time' : args[0];
  const argv = hasGnuTime ? ['-f', '%M', ...args] : args.slice(1);
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: plainNodeEnv(), ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
  }
  const rssKb = hasGnuTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rssMb: rssKb / 1024, stdout: result.stdout };
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/**
 * Times commands interleaved (so drift on a busy machine hits all of them alike); returns summaries by name, with
 * each command's peak memory. A command is its argv, or { args, env } where env may be a function (a fresh one per run).
 */
export function timeInterleaved(commands, runs, warmup = 3, options = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const memory = Object.fromEntries(Object.keys(commands).map((k) => [k, 0]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, command] of Object.entries(commands)) {
      const args = Array.isArray(command) ? command : command.args;
      const env = Array.isArray(command) ? undefined : typeof command.env === 'function' ? command.env() : command.env;
      const r = runOnce(args, env ? { ...options, env } : options);
      if (i >= warmup) {
        samples[name].push(r.ms);
        memory[name] = Math.max(memory[name], r.rssMb || 0);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ...summarize(v), peakMb: memory[k] }]));
}

export function fmt(ms) {
  return `${ms.toFixed(0).padStart(6)} ms`;
}

export function report(label, s, floor, target) {
  const ratio = floor ? s.median / floor.median : undefined;
  const spread = `(p25-p75 ${s.p25.toFixed(0)}-${s.p75.toFixed(0)}, n=${s.n})`;
  const mem = s.peakMb ? `  peak ${s.peakMb.toFixed(0)} MB` : '';
  const verdict = ratio !== undefined && target !== undefined ? (ratio <= target ? `  ok (target <= ${target}x)` : `  MISSED (target <= ${target}x)`) : '';
  console.log(`  ${label.padEnd(34)} ${fmt(s.median)} ${spread}${ratio !== undefined ? `  ${ratio.toFixed(2)}x` : ''}${mem}${verdict}`);
  return ratio;
}

/**
 * Milliseconds until `text` is on screen (or, with null, until the program exits), in a pseudo-terminal. With
 * `keys`, those are typed once the text is there and the program is left to exit by itself (a user leaving a quiz
 * with Ctrl-C); otherwise the terminal is closed under it.
 */
export function inTerminal(bin, args, text, env, keys) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const term = spawn(NODE, bin ? [bin, ...args] : args, { cols: 100, rows: 40, env });
    let out = '';
    let seenAt;
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: nothing after 30 s: ${out.slice(-300)}`)), 30_000);
    term.onExit(() => {
      clearTimeout(timer);
      resolve(seenAt ?? elapsed());
    });
    term.onData((d) => {
      out += d;
      if (text !== null && seenAt === undefined && out.includes(text)) {
        seenAt = elapsed();
        if (keys) term.write(keys);
        else term.kill();
      }
    });
  });
}

/**
 * Milliseconds until the first quiz question of `bin` is on screen, in a pseudo-terminal, with `node -e 0` there as
 * the floor (all carry the same terminal overhead): `later`, in `env` after a quiz there was left with Ctrl-C (a
 * user's earlier session, which cached its compiled code), and `first`, in a new cache folder each time (the first
 * run after installing). `also` names other commands to time alongside, in `env`, until they exit.
 */
export async function firstQuestionTimes(bin, env, runs, also = {}) {
  const quiz = ['quiz', '--topic', 'mlops', '--seed', '1'];
  await inTerminal(bin, quiz, 'Your answer', env, '\x03');
  const times = { floor: [], later: [], first: [], ...Object.fromEntries(Object.keys(also).map((name) => [name, []])) };
  for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
    times.floor.push(await inTerminal(null, ['-e', '0'], null, env));
    for (const [name, args] of Object.entries(also)) times[name].push(await inTerminal(bin, args, null, env));
    times.later.push(await inTerminal(bin, quiz, 'Your answer', env));
    const fresh = tempDir();
    times.first.push(await inTerminal(bin, quiz, 'Your answer', benchEnv(fresh)));
    rmSync(fresh, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, { ...summarize(ms), peakMb: 0 }]));
}

/**
 * A one-question choice quiz in a pseudo-terminal, answered as soon as it is asked: milliseconds from the answer to
 * its result on screen (which waits for "last time"), and from the last Enter to the process's exit (saving the
 * session, the summary).
 */
export function answerAndSave(bin, env) {
  return new Promise((resolve, reject) => {
    const term = spawn(NODE, [bin, 'quiz', '--type', 'choice', '--count', '1', '--seed', '1', '--no-timer'], { cols: 100, rows: 40, env });
    let out = '';
    let answeredAt;
    let result;
    let lastEnterAt;
    const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;
    const timer = setTimeout(() => {
      term.kill();
      reject(new Error(`quiz: nothing after 60 s: ${out.slice(-300)}`));
    }, 60_000);
    term.onData((d) => {
      out += d;
      if (answeredAt === undefined && out.includes('Your answer')) {
        answeredAt = process.hrtime.bigint();
        // The first option, then Enter: an answer whether the question takes one option or several.
        term.write('a\r');
      } else if (answeredAt !== undefined && result === undefined && out.includes('for the summary')) {
        result = since(answeredAt);
        lastEnterAt = process.hrtime.bigint();
        term.write('\r');
      }
    });
    term.onExit(() => {
      clearTimeout(timer);
      if (lastEnterAt === undefined) reject(new Error(`quiz ended early: ${out.slice(-300)}`));
      else resolve({ result, save: since(lastEnterAt) });
    });
  });
}
