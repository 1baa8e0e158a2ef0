// Runnable exercises inside a session: the core grades by the tests the UI reports, and the coding screen drives
// the editor, the paste prompt and the runner (all faked here: no python, no terminal, no real clock).
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { CodeExercise, Question } from '../../src/bank/types.js';
import type { RunReport, RunRequest } from '../../src/code/runner.js';
import { runSession, type AskOutcome, type SessionUI } from '../../src/session/run.js';
import { askCode, type CodeScreenDeps } from '../../src/ui/code-screen.js';
import { TerminalSessionUI } from '../../src/ui/session-ui.js';
import { settle, TestTerminal } from '../helpers/command-io.js';
import { timeLimitFor } from '../../src/session/timing.js';
import { question } from '../helpers/questions.js';

const exercise: CodeExercise = {
  language: 'python',
  stub: 'def f(x):\n    raise NotImplementedError\n',
  cases: [
    { name: 'one', call: 'f(1)', expect: '2', hidden: false, line: 1 },
    { name: 'two', call: 'f(2)', expect: '4', hidden: true, line: 2 },
  ],
  tolerance: 1e-6,
  ordered: true,
  line: 1,
};
const coding = (id: string): Question => question(id, { topic: 'coding', code: exercise });

function uiAnswering(outcomes: AskOutcome[], ticks: number[][] = []) {
  const calls: string[] = [];
  const ui: SessionUI = {
    async ask() {
      return outcomes.shift()!;
    },
    async reveal(q) {
      calls.push(`reveal ${q.id}`);
    },
    async tickKeyPoints(q) {
      calls.push(`tick ${q.id}`);
      return ticks.shift() ?? [];
    },
    async afterResult() {},
    async beforeReview() {
      calls.push('review');
    },
  };
  return { ui, calls };
}

describe('runSession with runnable exercises', () => {
  it('gives exercises a coding-round default time, unless the file or --time says otherwise', () => {
    expect(timeLimitFor(coding('ex'), {})).toBe(360);
    expect(timeLimitFor({ ...coding('ex'), difficulty: 'advanced' }, {})).toBe(900);
    expect(timeLimitFor({ ...coding('ex'), time: 300 }, {})).toBe(300);
    expect(timeLimitFor(coding('ex'), { time: 90 })).toBe(90);
    expect(timeLimitFor(question('plain'), {})).toBe(120);
  });

  it('scores a run by the share of tests passed, records the tally and asks for no self-grade', async () => {
    const { ui, calls } = uiAnswering([{ timedOut: false, text: 'def f(x): return 2 * x', tests: { passed: 3, total: 4 } }]);
    const run = await runSession({ questions: [coding('ex')], limitFor: () => 600 }, ui, () => 0);
    expect(run.results[0]).toMatchObject({ status: 'answered', score: 0.75, testsPassed: 3, testsTotal: 4, answer: 'def f(x): return 2 * x' });
    expect(run.results[0]!.keyPointsCovered).toBeUndefined();
    expect(calls).toEqual(['reveal ex']);
  });

  it('scores 0 when the time ran out, keeping the last tally', async () => {
    const { ui } = uiAnswering([{ timedOut: true, text: 'partial', tests: { passed: 2, total: 2 } }]);
    const run = await runSession({ questions: [coding('ex')], limitFor: () => 60 }, ui, () => 0);
    expect(run.results[0]).toMatchObject({ status: 'timed-out', score: 0, testsPassed: 2, testsTotal: 2 });
  });

  it('falls back to self-grading against the key points when the code did not run', async () => {
    const { ui, calls } = uiAnswering([{ timedOut: false, text: 'typed code' }], [[0, 1]]);
    const run = await runSession({ questions: [coding('ex')], limitFor: () => 60 }, ui, () => 0);
    expect(run.results[0]).toMatchObject({ status: 'answered', score: 0.5, keyPointsCovered: [0, 1] });
    expect(run.results[0]!.testsTotal).toBeUndefined();
    expect(calls).toEqual(['reveal ex', 'tick ex']);
  });

  it('in a mock interview the graded run stands through the deferred review', async () => {
    const { ui, calls } = uiAnswering([{ timedOut: false, text: 'code', tests: { passed: 1, total: 2 } }]);
    const run = await runSession(
      { questions: [coding('ex')], limitFor: () => 60, deferReview: true, softLimits: true, sessionDeadline: 10_000_000 },
      ui,
      () => 0,
    );
    expect(run.results[0]).toMatchObject({ status: 'answered', score: 0.5, testsPassed: 1, testsTotal: 2 });
    expect(calls).toEqual(['review', 'reveal ex']);
  });
});

function report(passed: number, total = 2): RunReport {
  const tests = Array.from({ length: total }, (_, i) => ({ name: `t${i}`, status: i < passed ? ('pass' as const) : ('fail' as const) }));
  return { verdict: passed === total ? 'pass' : 'fail', passed, failed: total - passed, total, tests, stdout: '', stderr: '', seconds: 0.1 };
}

/** A scripted user at the coding screen: menu picks, editor results and pasted text, with a fake clock. */
function screen(script: {
  picks: number[];
  edits?: Array<string | null>;
  pastes?: string[];
  reports?: RunReport[];
  python?: boolean;
  clock?: { now: number };
  secondsPerStep?: number;
}) {
  const printed: string[] = [];
  const ran: RunRequest[] = [];
  const menus: string[][] = [];
  const clock = script.clock ?? { now: 0 };
  const deps: CodeScreenDeps = {
    print: (text) => printed.push(text),
    color: new Chalk({ level: 0 }),
    width: 80,
    env: { EDITOR: 'nano' },
    now: () => clock.now,
    signal: new AbortController().signal,
    probe: () => (script.python === false ? { numpy: false } : { python: 'python3', numpy: true }),
    cannotRun: (_exercise, probe) => (probe.python ? undefined : 'python3 was not found, so your code cannot be run here.'),
    run: async (request) => {
      ran.push(request);
      return script.reports?.shift() ?? report(0);
    },
    edit: async (text) => {
      clock.now += (script.secondsPerStep ?? 0) * 1000;
      const next = script.edits?.shift();
      return next === null ? { ok: false, reason: 'the editor "nano" did not finish (command not found)' } : { ok: true, text: next ?? text };
    },
    choose: async (_message, choices, countdown) => {
      menus.push(choices);
      const pick = script.picks.shift();
      if (pick === undefined || (countdown.deadline !== undefined && clock.now >= countdown.deadline)) return { picked: [], timedOut: true };
      return { picked: [pick], timedOut: false };
    },
    paste: async () => ({ text: script.pastes?.shift() ?? '', timedOut: false, hintsUsed: 0 }),
  };
  return { deps, printed, ran, menus, clock };
}

const EDIT = 0;
const PASTE = 1;
const SUBMIT = 2;

describe('the coding screen', () => {
  it('edits the stub in the editor, runs the tests, shows them, and submits the last tally', async () => {
    const s = screen({ picks: [EDIT, EDIT, SUBMIT], edits: ['def f(x): return x', 'def f(x): return 2 * x'], reports: [report(1), report(2)] });
    const outcome = await askCode(coding('ex'), { index: 0, total: 1 }, { now: () => 0 }, s.deps);
    expect(outcome).toEqual({ timedOut: false, text: 'def f(x): return 2 * x', tests: { passed: 2, total: 2 } });
    expect(s.ran.map((r) => r.code)).toEqual(['def f(x): return x', 'def f(x): return 2 * x']);
    expect(s.printed.join('\n')).toMatch(/Some tests failed: 1 of 2 tests passed[\s\S]*All 2 tests passed/);
    expect(s.menus[0]![0]).toBe('Write it in nano, then run the tests');
    expect(s.menus[2]![2]).toBe('Submit (2/2 tests passed)');
  });

  it('runs pasted code, and runs the tests on submit when nothing has run yet', async () => {
    const pasted = screen({ picks: [PASTE, SUBMIT], pastes: ['def f(x):\n    return x + x\n'], reports: [report(2)] });
    expect(await askCode(coding('ex'), { index: 0, total: 1 }, { now: () => 0 }, pasted.deps)).toMatchObject({
      text: 'def f(x):\n    return x + x\n',
      tests: { passed: 2, total: 2 },
    });
    const untouched = screen({ picks: [SUBMIT], reports: [report(0)] });
    expect(await askCode(coding('ex'), { index: 0, total: 1 }, { now: () => 0 }, untouched.deps)).toEqual({
      timedOut: false,
      text: exercise.stub,
      tests: { passed: 0, total: 2 },
    });
    expect(untouched.ran).toHaveLength(1);
  });

  it('keeps the code when the editor fails, saying why', async () => {
    const s = screen({ picks: [EDIT, SUBMIT], edits: [null], reports: [report(0)] });
    const outcome = await askCode(coding('ex'), { index: 0, total: 1 }, { now: () => 0 }, s.deps);
    expect(outcome!.text).toBe(exercise.stub);
    expect(s.printed.join('\n')).toContain('the editor "nano" did not finish');
  });

  it('ends timed out when the countdown runs out in the editor, without running again', async () => {
    const clock = { now: 0 };
    const s = screen({ picks: [EDIT, EDIT], edits: ['v1', 'v2'], reports: [report(1)], clock, secondsPerStep: 40 });
    const outcome = await askCode(coding('ex'), { index: 0, total: 1, deadline: 60_000 }, { deadline: 60_000, now: () => clock.now }, s.deps);
    expect(outcome).toEqual({ timedOut: true, text: 'v2', tests: { passed: 1, total: 2 } });
    expect(s.ran).toHaveLength(1);
  });

  it('without python3 says so in one sentence and hands back to the typed answer', async () => {
    const s = screen({ picks: [], python: false });
    expect(await askCode(coding('ex'), { index: 0, total: 1 }, { now: () => 0 }, s.deps)).toBeUndefined();
    expect(s.printed).toEqual(['python3 was not found, so your code cannot be run here.\n']);
    expect(s.ran).toHaveLength(0);
  });
});

describe('a session with a runnable exercise', () => {
  it('tells the UI its questions once, before the first is asked', async () => {
    const seen: string[] = [];
    const ui: SessionUI = {
      prepare: (questions) => void seen.push(`prepare ${questions.map((q) => q.id).join(' ')}`),
      async ask(q) {
        seen.push(`ask ${q.id}`);
        return { timedOut: false, text: 'x' };
      },
      async reveal() {},
      async tickKeyPoints() {
        return [];
      },
      async afterResult() {},
    };
    await runSession({ questions: [question('first'), coding('ex')], limitFor: () => 60 }, ui, () => 0);
    expect(seen).toEqual(['prepare first ex', 'ask first', 'ask ex']);
  });

  it('looks for the interpreter as it starts, once, and only when it has an exercise', async () => {
    const probes = { count: 0 };
    const port = {
      probe: () => {
        probes.count++;
        return new Promise<{ python: string; numpy: boolean }>(() => {});
      },
      cannotRun: () => undefined,
      run: async () => report(0),
    };
    const withExercise = new TerminalSessionUI(new TestTerminal().io, new AbortController().signal, { code: port });
    withExercise.prepare([question('first'), coding('ex'), coding('ex2')]);
    withExercise.prepare([coding('ex3')]);
    await settle();
    expect(probes.count).toBe(1);
    const without = new TerminalSessionUI(new TestTerminal().io, new AbortController().signal, { code: port });
    without.prepare([question('first')]);
    await settle();
    expect(probes.count).toBe(1);
  });

  it('leaves a failed interpreter check to the exercise that awaits it: nothing is thrown in the background', async () => {
    const failing = { probe: () => Promise.reject(new Error('no such interpreter')), cannotRun: () => undefined, run: async () => report(0) };
    const ui = new TerminalSessionUI(new TestTerminal().io, new AbortController().signal, { code: failing });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      ui.prepare([coding('ex')]);
      await settle();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
