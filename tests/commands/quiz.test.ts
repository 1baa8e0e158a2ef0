// quiz called in-process with a scripted terminal and a fake clock: whole sessions, their countdowns, Ctrl-C, saving,
// and what the screen looks like in a narrow terminal.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { runHistory } from '../../src/commands/history.js';
import { type QuizOptions, runQuiz } from '../../src/commands/quiz.js';
import { selectQuestions } from '../../src/session/select.js';
import type { SessionRecord } from '../../src/session/types.js';
import { CHOICE_FILE, openQuestion, TINY_TOPICS, tinyBank } from '../helpers/bank.js';
import { answerAll, answerQuestion, fakeClock, TestTerminal } from '../helpers/command-io.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const ENTER = '\r';
const CTRL_C = '\u0003';

/** The sessions saved in `storeDir`, newest first, as `history --json` prints them. */
async function history(storeDir: string): Promise<SessionRecord[]> {
  const term = new TestTerminal({ tty: false, storeDir });
  expect(await runHistory({ json: true }, term.io)).toBe(0);
  return JSON.parse(term.stdout) as SessionRecord[];
}

/** A quiz on `bank` alone (no bundled questions), as `mle-prep quiz --no-bundled --bank <bank> ...` runs it. */
function quiz(term: TestTerminal, bank: string, options: Omit<QuizOptions, 'bank' | 'bundled'> = {}): Promise<number> {
  return term.run((io) => runQuiz({ bundled: false, bank: [bank], ...options }, io));
}

/** A seed whose order puts an open question last, so the run answers both kinds before the timeout. */
function seedWithOpenLast(bank: string): { seed: number; order: string[] } {
  const questions = checkBank([bank], { bundledTopics: false }).questions;
  for (let seed = 1; ; seed++) {
    const order = selectQuestions(questions, {}, 3, seed);
    if (order[2]!.type === 'open') return { seed, order: order.map((q) => q.id) };
  }
}

describe('quiz (scripted terminal, fake clock)', () => {
  it('answers a question, lets the next one run out of time on the fake clock, and saves both', async () => {
    const bank = tinyBank();
    const term = new TestTerminal();
    const done = runQuiz({ bundled: false, bank: [bank], count: 2, seed: 4, time: 30, topic: ['alpha'] }, term.io);
    let at = await term.waitFor('Question 1 of 2');
    at = await term.waitFor('? Your answer', at);
    expect(term.stdout.slice(at)).toContain('⏱ 0:30');
    await term.clock.tick(10_000);
    await term.waitFor('⏱ 0:20', at);
    await term.type('drift is a change in the data');
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', at);
    await term.type(' ');
    await term.type(ENTER);
    at = await term.waitFor(/Score \d+%/, at);
    await term.waitFor('Press Enter for the next question', at);
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 2', at);
    await term.waitFor('? Your answer', at);
    await term.clock.tick(31_000);
    await term.waitFor('Time is up (0:30).', at);
    await term.waitFor('Press Enter for the summary', at);
    await term.type(ENTER);
    expect(await done).toBe(0);
    expect(term.stdout).toMatch(/Score \d+% · 1 of 2 answered · 1 timed out/);

    const [session] = await history(term.io.storeDir);
    expect(session?.results.map((r) => [r.status, r.timeSeconds])).toEqual([
      ['answered', 10],
      ['timed-out', 30],
    ]);
  });

  it('answers an open and a choice question, lets one time out, and saves the session', async () => {
    const bank = tinyBank();
    const { seed, order } = seedWithOpenLast(bank);
    const term = new TestTerminal();
    const done = quiz(term, bank, { count: 3, seed, time: 5 });

    let at = await term.waitFor('Question 1 of 3');
    expect(term.stdout).toContain(`seed ${seed}`);
    await term.waitFor('⏱ 0:05', at);
    await term.clock.tick(2_000);
    await term.waitFor('⏱ 0:03', at);
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.waitFor('Press Enter for the next question', at);
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', at);
    await term.clock.tick(1_000);
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.type(ENTER);
    at = await term.waitFor('Question 3 of 3', at);
    await term.waitFor(/\? Your answer/, at);
    await term.clock.tick(5_000);
    await term.waitFor('Time is up (0:05).', at);
    await term.waitFor('Press Enter for the summary', at);
    await term.type(ENTER);
    expect(await done).toBe(0);
    expect(term.stdout).toContain('Summary');
    expect(term.stdout).toMatch(/Score \d+% · 2 of 3 answered · 1 timed out/);

    const sessions = await history(term.io.storeDir);
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session).toMatchObject({ user: 'tester', mode: 'quiz', completed: true, filters: { seed, count: 3, time: 5 } });
    expect(session!.results.map((r) => r.questionId)).toEqual(order);
    expect(session!.results.map((r) => [r.status, r.timeSeconds])).toEqual([
      ['answered', 2],
      ['answered', 1],
      ['timed-out', 5],
    ]);
    expect(session!.results[2]).toMatchObject({ timedOut: true, score: 0 });
    const choice = session!.results.find((r) => r.type === 'choice')!;
    expect(choice).toMatchObject({ picked: [1], score: 1 });
    const open = session!.results.find((r) => r.type === 'open' && r.status === 'answered')!;
    expect(open).toMatchObject({ answer: 'drift is a change in the data', keyPointsCovered: [0], keyPointsTotal: 3 });
    expect(open.score).toBeCloseTo(1 / 3);
    expect(session!.score).toBeCloseTo((1 + 1 / 3) / 3);
  });

  it('saves the answered questions as an incomplete session on Ctrl-C in a prompt, exiting 130', async () => {
    const term = new TestTerminal();
    const done = quiz(term, tinyBank(), { count: 3, seed: 3, timer: false });
    let at = await term.waitFor('Question 1 of 3');
    at = await answerQuestion(term, at, { text: 'drift is a change in the data', tick: 1 });
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', at);
    await term.waitFor(/\? Your answer/, at);
    await term.type('half an ans');
    await term.type(CTRL_C);
    expect(await done).toBe(130);
    expect(term.stdout).toContain('Saved incomplete session');
    expect(term.stderr).toBe('');
    const sessions = await history(term.io.storeDir);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ completed: false, filters: { timer: false } });
    expect(sessions[0]!.results.map((r) => r.status)).toEqual(['answered']);
  });

  it('keeps a graded answer when Ctrl-C comes at the "next question" pause', async () => {
    const term = new TestTerminal();
    const done = quiz(term, tinyBank(), { count: 2, seed: 3, timer: false });
    const at = await answerQuestion(term, 0, { text: 'an answer', tick: 1 });
    await term.waitFor('Press Enter for the next question', at);
    await term.type(CTRL_C);
    expect(await done).toBe(130);
    const [session] = await history(term.io.storeDir);
    expect(session!.completed).toBe(false);
    expect(session!.results.map((r) => r.status)).toEqual(['answered']);
  });

  it('saves what was answered when SIGINT arrives between prompts', async () => {
    const term = new TestTerminal();
    const done = quiz(term, tinyBank(), { count: 2, seed: 3, timer: false });
    const at = await answerQuestion(term, 0, { text: 'an answer', tick: 1 });
    await term.waitFor('Press Enter for the next question', at);
    await term.interrupt();
    expect(await done).toBe(130);
    expect(term.stdout).toContain('Saved incomplete session');
    const [session] = await history(term.io.storeDir);
    expect(session).toMatchObject({ completed: false });
    expect(session!.results.map((r) => r.status)).toEqual(['answered']);
  });

  it('exits 130 without saving when Ctrl-C comes before any answer', async () => {
    const term = new TestTerminal();
    const done = quiz(term, tinyBank(), { count: 1 });
    await term.waitFor(/\? Your answer/);
    await term.type(CTRL_C);
    expect(await done).toBe(130);
    expect(term.stdout).toContain('No answers to save.');
    expect(await history(term.io.storeDir)).toEqual([]);
  });

  it('writes the session to a file of its own when the store refuses it, and says how to add it back', async () => {
    const term = new TestTerminal();
    const { storeDir } = term.io;
    const done = quiz(term, tinyBank(), { count: 1, type: 'choice', timer: false });
    await term.waitFor(/\? Your answer/);
    // Mid-session, a newer mle-prep takes over the store: this one must not write it, and must not lose the answer.
    const newer = JSON.stringify({ schemaVersion: 9, sessions: [] });
    writeTree(storeDir, { 'profile-tester.json': newer });
    const at = await answerQuestion(term, 0, { choice: 'b' });
    await term.waitFor('Press Enter for the summary', at);
    await term.type(ENTER);
    expect(await done).toBe(1);
    const text = term.stderr.replace(/\n/g, ' ');
    expect(text).toMatch(/could not save to the score store: .*newer mle-prep/);
    const rescued = /The session was written to (\S+\.json); add it back later with: mle-prep import \1/.exec(text)?.[1];
    expect(rescued).toBeDefined();
    expect(readFileSync(join(storeDir, 'profile-tester.json'), 'utf8')).toBe(newer);
    const file = JSON.parse(readFileSync(rescued!, 'utf8'));
    expect(file.sessions[0].results[0]).toMatchObject({ questionId: 'beta-choice-one', status: 'answered', score: 1 });
  });

  it('says which topics exist when the topic is unknown, exit 2; and exit 1 when nothing matches', async () => {
    const bank = tinyBank();
    const unknown = new TestTerminal();
    expect(await quiz(unknown, bank, { topic: ['alpah'] })).toBe(2);
    expect(unknown.stderr).toBe('mle-prep: unknown topic "alpah" (did you mean "alpha"?); valid topics: alpha, beta.\n');
    const none = new TestTerminal({ storeDir: unknown.io.storeDir });
    expect(await quiz(none, bank, { tag: ['nothing-has-this'] })).toBe(1);
    expect(none.stderr).toContain('mle-prep: no questions match tag nothing-has-this');
  });
});

describe('"last time" when a question comes back', () => {
  it('shows the latest result, kept beside the journal and brought up to date with each session', async () => {
    const bank = tinyBank();
    const storeDir = tempDir();
    /** One choice question, the same each time (same seed), answered with `choice` a day later; what it printed. */
    let day = 0;
    const once = async (choice: string) => {
      const term = new TestTerminal({ storeDir, clock: fakeClock(new Date(2026, 10, 1 + day++, 9, 0)) });
      const done = quiz(term, bank, { count: 1, seed: 2, type: 'choice', timer: false });
      await answerAll(term, { choice });
      expect(await done).toBe(0);
      return term.stdout;
    };
    const first = await once('a');
    expect(first).not.toContain('Last time');
    // The second time, after its answer: what the first time picked. A file of the latest results now sits beside
    // the journal, so a third run reads that, not every session.
    const second = await once('b');
    expect(second).toContain('Last time\n  You picked: The wrong one (not right)');
    expect(readdirSync(storeDir).filter((name) => name.endsWith('.latest'))).toHaveLength(1);
    const third = await once('a');
    expect(third).toContain('Last time\n  You picked: The right one (right)');
  });
});

describe('quiz in a 60-column terminal', () => {
  it('grades with the answer directly above the checklist and the supported point ticked', async () => {
    const bank = writeTree(tempDir('mle-prep-bank-'), { 'topics.yaml': TINY_TOPICS, 'alpha/q.md': openQuestion('alpha-psi') });
    const term = new TestTerminal({ columns: 60 });
    const done = quiz(term, bank, { count: 1, timer: false });
    const at = await term.waitFor(/\? Your answer/);
    await term.type('I would page someone once the PSI goes above 0.2, because that is a real shift in the inputs.');
    await term.type(ENTER);
    const grade = await term.waitFor('Which key points did your answer cover?', at);
    const screen = term.stdout.slice(term.stdout.lastIndexOf('Your answer (Tab: model answer)', grade));
    // The whole answer, wrapped at words and indented, then at once the checklist.
    const panel = screen.slice(0, screen.indexOf('? Which key points')).split('\n').slice(1, -1);
    expect(panel.filter((line) => !line.startsWith('  '))).toEqual([]);
    expect(panel.join(' ').replace(/\s+/g, ' ').trim()).toBe('I would page someone once the PSI goes above 0.2, because that is a real shift in the inputs.');
    expect(screen).toMatch(/◉ Gives a PSI above 0\.2 as a real shift\n {4}“I would page someone/);
    expect(screen.split('\n').filter((line) => line.length > 60)).toEqual([]);
    await term.type(ENTER);
    await term.waitFor('Score 33%', grade);
    await term.type(ENTER);
    expect(await done).toBe(0);
    const [session] = await history(term.io.storeDir);
    expect(session!.results[0]).toMatchObject({ keyPointsSuggested: [2], keyPointsCovered: [2] });
  });

  it('wraps a long key point under its own text, and records the tick', async () => {
    const long = 'Explains that a long key point wraps onto a second line without sliding back under the tick box';
    const bank = writeTree(tempDir('mle-prep-bank-'), {
      'topics.yaml': TINY_TOPICS,
      'alpha/long.md': openQuestion('alpha-long', { key_points: ['Short point', long, 'Third point'] }),
    });
    const term = new TestTerminal({ columns: 60 });
    const done = quiz(term, bank, { count: 1, timer: false });
    const at = await term.waitFor(/\? Your answer/);
    await term.type('x');
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', at);
    await term.type('\u001b[B ');
    const screen = term.stdout.slice(at);
    const lines = screen.split('\n').filter((line) => /◯|◉/.test(line) || /^ {4}\S/.test(line));
    const first = lines.findIndex((line) => line.includes('Explains that a long key point'));
    expect(first).toBeGreaterThan(-1);
    // The point breaks at a word inside the terminal's width, and the rest starts four columns in, under the text.
    expect(lines[first]!.trimEnd().length).toBeLessThanOrEqual(60);
    expect(lines[first]).toMatch(/[◯◉] Explains that a long key point wraps onto a second line\s*$/);
    expect(lines[first + 1]).toMatch(/^ {4}without sliding back under the tick box/);
    await term.type(ENTER);
    await term.waitFor('Score 33%', at);
    await term.type(ENTER);
    expect(await done).toBe(0);
    const [session] = await history(term.io.storeDir);
    expect(session!.results[0]).toMatchObject({ questionId: 'alpha-long', keyPointsCovered: [1] });
  });

  it('wraps long options and the title line at word boundaries', async () => {
    const long = 'An option long enough that a sixty-column terminal has to put its end on a second line';
    const bank = writeTree(tempDir('mle-prep-bank-'), {
      'topics.yaml': TINY_TOPICS,
      'beta/drills.yaml': CHOICE_FILE.replace('The wrong one', long),
    });
    const term = new TestTerminal({ columns: 60 });
    const done = quiz(term, bank, { count: 1, timer: false });
    await term.waitFor('Enter to answer');
    const lines = term.stdout.split('\n');
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
    expect(await done).toBe(0);
    expect(term.stdout).toContain('Score 100% · correct');
  });
});
