// Whole quizzes in a real pseudo-terminal, read back through `history --json`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { selectQuestions } from '../../src/session/select.js';
import type { SessionRecord } from '../../src/session/types.js';
import { CHOICE_FILE, openQuestion, TINY_TOPICS, tinyBank } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { answerQuestion, Terminal } from '../helpers/pty.js';
import { journalSessions } from '../helpers/store.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const ENTER = '\r';
const CTRL_C = '\u0003';

/** A seed whose order puts an open question last, so the run answers both kinds before the timeout. */
function seedWithOpenLast(bank: string): { seed: number; order: string[] } {
  const questions = checkBank([bank], { bundledTopics: false }).questions;
  for (let seed = 1; ; seed++) {
    const order = selectQuestions(questions, {}, 3, seed);
    if (order[2]!.type === 'open') return { seed, order: order.map((q) => q.id) };
  }
}

describe('quiz in a pseudo-terminal', () => {
  it('answers an open and a choice question, lets one time out, and saves the session', async () => {
    const bank = tinyBank();
    const home = tempDir();
    const { seed, order } = seedWithOpenLast(bank);
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '3', '--seed', String(seed), '--time', '5'], home);

    let at = await term.waitFor('Question 1 of 3');
    expect(term.text).toContain(`seed ${seed}`);
    await term.waitFor(/⏱ 0:0[45]/, 15_000, at);
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.waitFor('Press Enter for the next question', 15_000, at);
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', 15_000, at);
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.type(ENTER);
    at = await term.waitFor('Question 3 of 3', 15_000, at);
    await term.waitFor('Time is up (0:05).', 15_000, at);
    await term.waitFor('Press Enter for the summary', 15_000, at);
    await term.type(ENTER);
    await term.waitFor('Summary', 15_000, at);
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toMatch(/Score \d+% · 2 of 3 answered · 1 timed out/);

    const history = runCli(['history', '--json'], { configHome: home });
    const sessions = JSON.parse(history.stdout) as SessionRecord[];
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session).toMatchObject({ user: 'tester', mode: 'quiz', completed: true, filters: { seed, count: 3, time: 5 } });
    expect(session!.results.map((r) => r.questionId)).toEqual(order);
    expect(session!.results.map((r) => r.status)).toEqual(['answered', 'answered', 'timed-out']);
    const last = session!.results[2]!;
    expect(last).toMatchObject({ timedOut: true, score: 0 });
    expect(last.timeSeconds).toBeGreaterThanOrEqual(4.8);
    const choice = session!.results.find((r) => r.type === 'choice')!;
    expect(choice).toMatchObject({ picked: [1], score: 1 });
    const open = session!.results.find((r) => r.type === 'open' && r.status === 'answered')!;
    expect(open).toMatchObject({ answer: 'drift is a change in the data', keyPointsCovered: [0], keyPointsTotal: 3 });
    expect(open.score).toBeCloseTo(1 / 3);
    expect(session!.score).toBeCloseTo((1 + 1 / 3) / 3);
  }, 60_000);

  it('saves the answered questions as an incomplete session on Ctrl-C, exiting 130', async () => {
    const bank = tinyBank();
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '3', '--seed', '3', '--no-timer'], home);
    let at = await term.waitFor('Question 1 of 3');
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', 15_000, at);
    await term.waitFor(/\? Your answer/, 15_000, at);
    await term.type('half an ans');
    await term.type(CTRL_C);
    expect(await term.exitCode()).toBe(130);
    expect(term.text).toContain('Saved incomplete session');
    expect(term.text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

    const store = { sessions: journalSessions(home) };
    expect(store.sessions).toHaveLength(1);
    expect(store.sessions[0]).toMatchObject({ completed: false, filters: { timer: false } });
    expect(store.sessions[0]!.results).toHaveLength(1);
  }, 60_000);

  it('keeps a graded answer when Ctrl-C comes at the "next question" pause', async () => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '2', '--seed', '3', '--no-timer'], home);
    const at = await answerQuestion(term, 0, { text: 'an answer', tick: 1 });
    await term.waitFor('Press Enter for the next question', 15_000, at);
    await term.type(CTRL_C);
    expect(await term.exitCode()).toBe(130);
    const [session] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    expect(session!.completed).toBe(false);
    expect(session!.results).toHaveLength(1);
    expect(session!.results[0]!.status).toBe('answered');
  }, 30_000);

  it('writes the session to a file of its own when the store refuses it, and says how to add it back', async () => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '1', '--type', 'choice', '--no-timer'], home);
    await term.waitFor(/\? Your answer/);
    // Mid-session, a newer mle-prep takes over the store: this one must not write it, and must not lose the answer.
    const newer = JSON.stringify({ schemaVersion: 9, sessions: [] });
    writeTree(home, { 'mle-prep/profile-tester.json': newer });
    await answerQuestion(term, 0, { choice: 'b' });
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(1);
    const text = term.text.replace(/\n/g, ' ');
    expect(text).toMatch(/could not save to the score store: .*newer mle-prep/);
    const rescued = /The session was written to (\S+\.json); add it back later with: mle-prep import \1/.exec(text)?.[1];
    expect(rescued).toBeDefined();
    expect(readFileSync(join(home, 'mle-prep', 'profile-tester.json'), 'utf8')).toBe(newer);
    const file = JSON.parse(readFileSync(rescued!, 'utf8'));
    expect(file.sessions[0].results[0]).toMatchObject({ questionId: 'beta-choice-one', status: 'answered', score: 1 });
  }, 30_000);

  it('grades with the answer directly above the checklist and the supported point ticked, in a 60-column terminal', async () => {
    const bank = writeTree(tempDir('mle-prep-bank-'), { 'topics.yaml': TINY_TOPICS, 'alpha/q.md': openQuestion('alpha-psi') });
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '1', '--no-timer'], home, {}, 60);
    const at = await term.waitFor(/\? Your answer/);
    await term.type('I would page someone once the PSI goes above 0.2, because that is a real shift in the inputs.');
    await term.type(ENTER);
    const grade = await term.waitFor('Which key points did your answer cover?', 15_000, at);
    const screen = term.text.slice(term.text.lastIndexOf('Your answer (Tab: model answer)', grade));
    // The whole answer, wrapped at words and indented, then at once the checklist.
    const panel = screen.slice(0, screen.indexOf('? Which key points')).split('\n').slice(1, -1);
    expect(panel.every((line) => line.startsWith('  '))).toBe(true);
    expect(panel.join(' ').replace(/\s+/g, ' ').trim()).toBe('I would page someone once the PSI goes above 0.2, because that is a real shift in the inputs.');
    expect(screen).toMatch(/◉ Gives a PSI above 0\.2 as a real shift\n {4}“I would page someone/);
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    await term.type(ENTER);
    await term.waitFor('Score 33%', 15_000, grade);
    await term.type(ENTER);
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(0);
    const [session] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    expect(session!.results[0]).toMatchObject({ keyPointsSuggested: [2], keyPointsCovered: [2] });
  }, 30_000);

  it('exits 130 without saving when Ctrl-C comes before any answer', async () => {
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--count', '1'], home);
    await term.waitFor(/\? Your answer/);
    await term.type(CTRL_C);
    expect(await term.exitCode()).toBe(130);
    expect(term.text).toContain('No answers to save.');
    expect(JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout)).toEqual([]);
  }, 30_000);

  it('wraps a long key point under its own text in a narrow terminal, and records the tick', async () => {
    const long = 'Explains that a long key point wraps onto a second line without sliding back under the tick box';
    const bank = writeTree(tempDir('mle-prep-bank-'), {
      'topics.yaml': TINY_TOPICS,
      'alpha/long.md': openQuestion('alpha-long', { key_points: ['Short point', long, 'Third point'] }),
    });
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '1', '--no-timer'], home, {}, 60);
    const at = await term.waitFor(/\? Your answer/);
    await term.type('x');
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', 15_000, at);
    await term.type('\u001b[B ');
    const screen = term.text.slice(at);
    const lines = screen.split('\n').filter((line) => /◯|◉/.test(line) || /^ {4}\S/.test(line));
    const first = lines.findIndex((line) => line.includes('Explains that a long key point'));
    expect(first).toBeGreaterThan(-1);
    // The point breaks at a word inside the terminal's width, and the rest starts four columns in, under the text.
    expect(lines[first]!.trimEnd().length).toBeLessThanOrEqual(60);
    expect(lines[first]).toMatch(/[◯◉] Explains that a long key point wraps onto a second line\s*$/);
    expect(lines[first + 1]).toMatch(/^ {4}without sliding back under the tick box/);
    await term.type(ENTER);
    await term.waitFor('Score 33%', 15_000, at);
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(0);
    const [session] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    expect(session!.results[0]).toMatchObject({ questionId: 'alpha-long', keyPointsCovered: [1] });
  }, 30_000);

  it('wraps long options and the title line at word boundaries in a narrow terminal', async () => {
    const long = 'An option long enough that a sixty-column terminal has to put its end on a second line';
    const bank = writeTree(tempDir('mle-prep-bank-'), {
      'topics.yaml': TINY_TOPICS,
      'beta/drills.yaml': CHOICE_FILE.replace('The wrong one', long),
    });
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--count', '1', '--no-timer'], tempDir(), {}, 60);
    await term.waitFor('Enter to answer');
    const lines = term.text.split('\n');
    const first = lines.findIndex((line) => line.includes('A. An option long enough'));
    expect(first).toBeGreaterThan(-1);
    // Single choice: "❯ A. " is five columns, so the rest of the option starts in column six, at a word.
    expect(lines[first]!.trimEnd().length).toBeLessThanOrEqual(60);
    expect(lines[first + 1]).toMatch(/^ {5}[a-z]/);
    expect(`${lines[first]!.trim()} ${lines[first + 1]!.trim()}`).toContain(long);
    // The title line ("mle-prep quiz · 1 question · any topic · tester · seed N") wraps too, indented.
    const title = lines.findIndex((line) => line.startsWith('mle-prep quiz'));
    expect(lines[title]!.trimEnd().length).toBeLessThanOrEqual(60);
    expect(lines[title + 1]).toMatch(/^ {2}\S/);
    await term.type('b');
    await term.type(ENTER);
    await term.waitFor('Press Enter for the summary');
    await term.type(ENTER);
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toContain('Score 100% · correct');
  }, 30_000);

  it('keeps every line of a pasted answer (bracketed paste), and Enter still submits', async () => {
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
    const [session] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    expect(session!.results[0]!.answer).toBe('def f(x):\n    return x + 1');
  }, 30_000);

  it('says which topics exist when the topic is unknown, exit 2; and exit 1 when nothing matches', async () => {
    const home = tempDir();
    const unknown = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--topic', 'alpah'], home);
    expect(await unknown.exitCode()).toBe(2);
    expect(unknown.text).toContain('mle-prep: unknown topic "alpah" (did you mean "alpha"?); valid topics: alpha, beta.');
    const none = new Terminal(['quiz', '--no-bundled', '--bank', tinyBank(), '--tag', 'nothing-has-this'], home);
    expect(await none.exitCode()).toBe(1);
    expect(none.text).toContain('mle-prep: no questions match tag nothing-has-this');
  }, 30_000);
});
