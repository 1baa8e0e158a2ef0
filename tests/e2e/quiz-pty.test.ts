// The built CLI in a real pseudo-terminal: a few smoke tests of what only a real terminal shows (raw keys, Ctrl-C
// as a byte, bracketed paste, the real clock running out). Everything else about sessions is in tests/commands.
import { describe, it } from 'vitest';
import { openQuestion, TINY_TOPICS, tinyBank } from '../helpers/bank.js';
import { answerAll, answerQuestion, Terminal } from '../helpers/pty.js';
import { journalSessions } from '../helpers/store.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const ENTER = '\r';
const CTRL_C = '\u0003';

// Each test has a terminal and a store of its own, and mostly waits on the CLI: they run side by side.
describe.concurrent('quiz in a pseudo-terminal', () => {
  it('runs a whole quiz of open and choice questions and saves the session', async ({ expect }) => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '3', '--seed', '3', '--no-timer'], home);
    await term.waitFor('mle-prep quiz · 3 questions');
    await answerAll(term, { choice: 'b', text: 'drift is a change in the data', tick: 1 });
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toMatch(/Score \d+% · 3 of 3 answered/);
    expect(term.text).toContain('Saved session');

    const sessions = journalSessions(home);
    expect(sessions.map((s) => [s.mode, s.completed, s.results.length])).toEqual([['quiz', true, 3]]);
    const results = sessions[0]!.results;
    expect(results.map((r) => r.status)).toEqual(['answered', 'answered', 'answered']);
    expect(results.filter((r) => r.type === 'choice').map((r) => [r.picked, r.score])).toEqual([[[1], 1]]);
    expect(results.filter((r) => r.type === 'open').map((r) => [r.answer, r.keyPointsCovered])).toEqual([
      ['drift is a change in the data', [0]],
      ['drift is a change in the data', [0]],
    ]);
  }, 30_000);

  it('lets a question run out of time on the real clock (--time 1)', async ({ expect }) => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '1', '--type', 'choice', '--time', '1'], home);
    // 0:01, or already 0:00 when a loaded machine drew the prompt late.
    const at = await term.waitFor(/⏱ 0:0[01]/);
    await term.waitFor('Time is up (0:01).', 15_000, at);
    await term.waitFor('Press Enter for the summary', 15_000, at);
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toMatch(/Score 0% · 0 of 1 answered · 1 timed out/);
    const [session] = journalSessions(home);
    expect(session!.results.map((r) => [r.status, r.timedOut, r.score])).toEqual([['timed-out', true, 0]]);
    expect(session!.results[0]!.timeSeconds).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('saves the answered questions as an incomplete session on Ctrl-C, exiting 130', async ({ expect }) => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '3', '--seed', '3', '--no-timer'], home);
    let at = await term.waitFor('Question 1 of 3');
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.waitFor('Press Enter for the next question', 15_000, at);
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', 15_000, at);
    at = await term.waitFor(/\? Your answer/, 15_000, at);
    await term.type('half an ans');
    await term.waitFor('half an ans', 15_000, at);
    await term.type(CTRL_C);
    expect(await term.exitCode()).toBe(130);
    expect(term.text).toContain('Saved incomplete session');
    expect(term.text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

    const sessions = journalSessions(home);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ completed: false, filters: { timer: false } });
    expect(sessions[0]!.results.map((r) => r.status)).toEqual(['answered']);
  }, 30_000);

  it('keeps every line of a pasted answer (bracketed paste), and Enter still submits', async ({ expect }) => {
    const home = tempDir();
    const bank = writeTree(tempDir('mle-prep-bank-'), { 'topics.yaml': TINY_TOPICS, 'alpha/first.md': openQuestion('alpha-first') });
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '1', '--no-timer'], home);
    const at = await term.waitFor(/\? Your answer/);
    // The session asks the terminal to mark pastes; a terminal then wraps pasted text in ESC[200~ ... ESC[201~.
    expect(term.raw).toContain('\u001b[?2004h');
    await term.type('\u001b[200~def f(x):\r    return x + 1\u001b[201~');
    await term.waitFor('┆ def f(x):', 15_000, at);
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', 15_000, at);
    expect(term.text).toContain('› Your answer def f(x): (+1 more line)');
    await term.type(ENTER);
    await term.waitFor('Press Enter for the summary', 15_000, at);
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(0);
    expect(term.raw).toContain('\u001b[?2004l');
    const [session] = journalSessions(home);
    expect(session!.results[0]!.answer).toBe('def f(x):\n    return x + 1');
  }, 30_000);
});
