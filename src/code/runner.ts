// Runs a user's code against an exercise's tests in a child python3, so nothing the code does can hang or crash
// mle-prep: a fresh temporary folder, its own process group (killed whole when the run ends or overruns), a wall
// clock, a memory cap set inside the child before the code loads, and a process count and an output cap
// enforced from outside. The code runs as the user, like any test runner; this guards against mistakes, not
// against someone deliberately escaping.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeExercise } from '../bank/types.js';
import HARNESS_SOURCE from './harness.py?raw';

export type Verdict = 'pass' | 'fail' | 'error' | 'timeout' | 'limit';
export type TestStatus = 'pass' | 'fail' | 'error' | 'not-run';

export interface TestResult {
  name: string;
  status: TestStatus;
  message?: string;
  /** For a failed case: the call (Python) or the tables (SQL), the expected and the actual value, as text. */
  input?: string;
  expected?: string;
  actual?: string;
  /** Line of the user's file an exception came from. */
  line?: number;
}

export interface RunReport {
  verdict: Verdict;
  passed: number;
  failed: number;
  total: number;
  tests: TestResult[];
  /** Why the run as a whole did not get through its tests (error, timeout, limit). */
  message?: string;
  /** The last few lines the code printed. */
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface RunLimits {
  timeMs: number;
  memoryBytes: number;
  processes: number;
  outputBytes: number;
}

export const DEFAULT_TIME_LIMIT_SECONDS = 5;
export const DEFAULT_LIMITS: Omit<RunLimits, 'timeMs'> = {
  // Address space, not resident memory: Python with NumPy maps about 0.5 GB before doing anything.
  memoryBytes: 2 * 1024 ** 3,
  processes: 16,
  outputBytes: 1024 * 1024,
};
const TAIL_BYTES = 2048;
const POLL_MS = 50;

export interface RunRequest {
  exercise: CodeExercise;
  code: string;
  python: string;
  limits?: Partial<RunLimits>;
  env?: NodeJS.ProcessEnv;
  /** Stops the run (the user pressed Ctrl-C). */
  signal?: AbortSignal;
}

/** Whether the exercise needs NumPy: its stub, setup or test file imports it. */
export function needsNumpy(exercise: CodeExercise): boolean {
  const text = [exercise.stub, exercise.setup ?? '', exercise.file ?? ''].join('\n');
  return exercise.language === 'python' && /^\s*(import numpy|from numpy)\b/m.test(text);
}

/** The tests a run will report, known before it starts. */
export function testNames(exercise: CodeExercise): string[] {
  if (exercise.file !== undefined) return [...exercise.file.matchAll(/^def (test_\w+)/gm)].map((m) => m[1]!);
  return exercise.cases.map((c) => c.name);
}

export interface PythonProbe {
  python?: string;
  numpy: boolean;
}

/**
 * Finds python3 (MLE_PREP_PYTHON overrides) and whether it has NumPy; a missing interpreter is not an error. It takes
 * a moment (Python's start, a version manager's shim), without blocking: a session starts it with its first
 * exercise in view, and a countdown keeps ticking meanwhile. Aborting `signal` stops it (no interpreter, then).
 */
export function probePython(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<PythonProbe> {
  const python = env.MLE_PREP_PYTHON?.trim() || 'python3';
  return new Promise((resolve) => {
    // NumPy is looked for, not imported (a few times faster); one that is there but broken fails the run, saying why.
    const child = spawn(python, ['-c', "import importlib.util, sys\nsys.exit(0 if importlib.util.find_spec('numpy') else 3)"], {
      stdio: 'ignore',
      env,
      timeout: 10_000,
      // A session that ends first (Ctrl-C on its first question) does not wait for it.
      ...(signal ? { signal } : {}),
    });
    child.once('error', () => resolve({ numpy: false }));
    child.once('close', (status) => resolve(status === 0 || status === 3 ? { python, numpy: status === 0 } : { numpy: false }));
  });
}

/** One sentence on why an exercise cannot run here, or undefined when it can. */
export function cannotRun(exercise: CodeExercise, probe: PythonProbe): string | undefined {
  if (!probe.python)
    return 'python3 was not found, so your code cannot be run here; grade yourself against the key points instead (set MLE_PREP_PYTHON to use another interpreter).';
  if (needsNumpy(exercise) && !probe.numpy)
    return `${probe.python} has no NumPy, which this exercise needs, so your code cannot be run here; grade yourself against the key points instead.`;
  return undefined;
}

class Tail {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;
  add(chunk: Buffer) {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept - this.chunks[0]!.length >= TAIL_BYTES) this.kept -= this.chunks.shift()!.length;
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    const text = all.subarray(Math.max(0, all.length - TAIL_BYTES)).toString('utf8');
    const lines = text.split('\n');
    return (all.length > TAIL_BYTES ? lines.slice(1) : lines).slice(-20).join('\n').trimEnd();
  }
}

/** Processes in a process group (Linux, through /proc); undefined where that cannot be read. */
function groupSize(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let count = 0;
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') count++;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return count;
}

function killGroup(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

interface HarnessRecord {
  test?: string;
  status?: TestStatus;
  message?: string;
  input?: string;
  expected?: string;
  actual?: string;
  line?: number;
  error?: 'load' | 'memory';
  done?: boolean;
}

function readRecords(file: string): HarnessRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: HarnessRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as unknown;
      if (record && typeof record === 'object') out.push(record as HarnessRecord);
    } catch {
      // A line cut short by a kill.
    }
  }
  return out;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function runExercise(request: RunRequest): Promise<RunReport> {
  const { exercise } = request;
  const limits: RunLimits = {
    ...DEFAULT_LIMITS,
    timeMs: (exercise.timeLimit ?? DEFAULT_TIME_LIMIT_SECONDS) * 1000,
    ...request.limits,
  };
  const dir = mkdtempSync(join(tmpdir(), 'mle-prep-run-'));
  const started = Date.now();
  const stdout = new Tail();
  const stderr = new Tail();
  let stopped: { verdict: 'timeout' | 'limit' | 'error'; message: string } | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  try {
    const solutionFile = exercise.language === 'sql' ? 'query.sql' : 'solution.py';
    writeFileSync(join(dir, solutionFile), request.code);
    writeFileSync(join(dir, 'harness.py'), HARNESS_SOURCE);
    const spec = {
      language: exercise.language,
      solution_file: solutionFile,
      setup: exercise.setup ?? '',
      fixtures: exercise.fixtures ?? '',
      file: exercise.file ?? '',
      tolerance: exercise.tolerance,
      ordered: exercise.ordered,
      cases: exercise.cases.map(({ line: _line, hidden: _hidden, ...rest }) => rest),
      memory_bytes: limits.memoryBytes,
    };
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const env = {
      ...(request.env ?? process.env),
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      PYTHONHASHSEED: '0',
      // One BLAS thread: less address space used up front, and runs that time the same on a busy machine.
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '1',
      MKL_NUM_THREADS: '1',
    };
    await new Promise<void>((resolve) => {
      const child = spawn(request.python, ['-B', 'harness.py'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const stop = (verdict: 'timeout' | 'limit' | 'error', message: string) => {
        if (!stopped) stopped = { verdict, message };
        killGroup(child.pid);
      };
      const interrupt = () => stop('error', 'the run was interrupted');
      if (request.signal?.aborted) interrupt();
      request.signal?.addEventListener('abort', interrupt, { once: true });
      const timer = setTimeout(() => stop('timeout', `the run took longer than its ${seconds(limits.timeMs)} limit and was stopped`), limits.timeMs);
      const poll = setInterval(() => {
        if (child.pid === undefined) return;
        const size = groupSize(child.pid);
        if (size !== undefined && size > limits.processes) stop('limit', `the code started more than ${limits.processes} processes and was stopped`);
      }, POLL_MS);
      const watch = (tail: Tail) => (chunk: Buffer) => {
        tail.add(chunk);
        if (stdout.total + stderr.total > limits.outputBytes) stop('limit', `the code printed more than ${megabytes(limits.outputBytes)} and was stopped`);
      };
      child.stdout.on('data', watch(stdout));
      child.stderr.on('data', watch(stderr));
      child.once('error', (error) => {
        stderr.add(Buffer.from(error.message));
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      });
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        // Whatever the code left running in its group goes with it.
        killGroup(child.pid);
      });
      child.once('close', () => {
        clearTimeout(timer);
        clearInterval(poll);
        request.signal?.removeEventListener('abort', interrupt);
        resolve();
      });
    });
    return report(exercise, readRecords(join(dir, 'results.jsonl')), stopped, exit, limits, {
      stdout: stdout.text(),
      stderr: stderr.text(),
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(
  exercise: CodeExercise,
  records: HarnessRecord[],
  stopped: { verdict: 'timeout' | 'limit' | 'error'; message: string } | undefined,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  limits: RunLimits,
  output: Pick<RunReport, 'stdout' | 'stderr' | 'seconds'>,
): RunReport {
  const byName = new Map<string, TestResult>();
  for (const r of records) {
    if (r.test === undefined || r.status === undefined) continue;
    byName.set(r.test, {
      name: r.test,
      status: r.status,
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.input !== undefined ? { input: r.input } : {}),
      ...(r.expected !== undefined ? { expected: r.expected } : {}),
      ...(r.actual !== undefined ? { actual: r.actual } : {}),
      ...(r.line !== undefined ? { line: r.line } : {}),
    });
  }
  const failure = records.find((r) => r.error !== undefined);
  const done = records.some((r) => r.done);
  let verdict: Verdict = 'pass';
  let message: string | undefined;
  if (stopped) {
    ({ verdict, message } = stopped);
  } else if (failure?.error === 'memory') {
    verdict = 'limit';
    message = `${failure.message ?? 'the code ran out of memory'} (the cap is ${megabytes(limits.memoryBytes)} of address space)`;
  } else if (failure) {
    verdict = 'error';
    message = failure.message ?? 'the code could not be loaded';
  } else if (!done) {
    verdict = 'error';
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with status ${exit.code ?? 'unknown'}`;
    message = `the program ${how} before the tests finished`;
  }
  const names = testNames(exercise);
  for (const name of byName.keys()) if (!names.includes(name)) names.push(name);
  const notRun = message === undefined ? 'not run' : `not run: ${message}`;
  const tests = names.map((name) => byName.get(name) ?? { name, status: 'not-run' as const, message: notRun });
  const passed = tests.filter((t) => t.status === 'pass').length;
  if (verdict === 'pass' && passed < tests.length) verdict = 'fail';
  return { verdict, passed, failed: tests.length - passed, total: tests.length, tests, ...(message !== undefined ? { message } : {}), ...output };
}
