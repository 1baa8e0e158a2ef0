// quiz called in-process with a scripted terminal and a fake clock: the whole session, its countdown and its save.
import { describe, expect, it } from 'vitest';
import { runQuiz } from '../../src/commands/quiz.js';
import { runHistory } from '../../src/commands/history.js';
import type { SessionRecord } from '../../src/session/types.js';
import { tinyBank } from '../helpers/bank.js';
import { TestTerminal } from '../helpers/command-io.js';

const ENTER = '\r';

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

    const history = new TestTerminal({ tty: false, storeDir: term.io.storeDir });
    expect(await runHistory({ json: true }, history.io)).toBe(0);
    const [session] = JSON.parse(history.stdout) as SessionRecord[];
    expect(session?.results.map((r) => [r.status, r.timeSeconds])).toEqual([
      ['answered', 10],
      ['timed-out', 30],
    ]);
  });
});
