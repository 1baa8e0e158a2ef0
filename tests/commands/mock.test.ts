// mock called in-process with a scripted terminal and a fake clock: the whole interview's minute passes in one tick.
import { describe, expect, it } from 'vitest';
import { runHistory } from '../../src/commands/history.js';
import { runMock } from '../../src/commands/mock.js';
import { checkBank } from '../../src/bank-files/bank.js';
import { parseMix, pickMockQuestions } from '../../src/mock/plan.js';
import type { SessionRecord } from '../../src/session/types.js';
import { ProfileStore } from '../../src/store/profile-store.js';
import { tinyBank } from '../helpers/bank.js';
import { TestTerminal } from '../helpers/command-io.js';

const ENTER = '\r';
const SPACE = ' ';

describe('mock interview (scripted terminal, fake clock)', () => {
  it('runs out of interview time mid-question, reviews the answers, and gives feedback', async () => {
    const term = new TestTerminal();
    const bank = tinyBank();
    const done = term.run((io) => runMock({ minutes: 1, bundled: false, bank: [bank], mix: 'alpha:2,beta:1', seed: 4 }, io));
    let at = await term.waitFor('Question 1 of 3');
    await term.waitFor('interview 1:00 left', at);
    await term.waitFor(/\? Your answer/, at);
    await term.clock.tick(12_000);
    await term.waitFor('interview 0:48 left', at);
    await term.type('monitor it');
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', at);
    await term.waitFor(/\? Your answer/, at);
    // Overrun: say nothing until the interview clock runs out, the rest of the minute in one tick.
    await term.clock.tick(48_000);
    await term.waitFor('over budget', at);
    at = await term.waitFor('The interview is over.', at);
    at = await term.waitFor('Review 1 of 2', at);
    await term.waitFor('Your answer', at);
    await term.waitFor('Which key points did your answer cover?', at);
    await term.type(SPACE);
    await term.type(ENTER);
    at = await term.waitFor('Press Enter for the next answer', at);
    await term.type(ENTER);
    at = await term.waitFor('Review 2 of 2', at);
    at = await term.waitFor('Press Enter for the summary', at);
    await term.type(ENTER);
    expect(await done).toBe(0);
    at = await term.waitFor('Interviewer feedback', at);
    await term.waitFor('Study next', at);
    expect(term.stdout).toMatch(/3\. beta-choice-one \(beta\) · not reached/);
    expect(term.stdout).toMatch(/2\. alpha-\w+ \(alpha\) · ran out of time in 0:48 of 0:\d\d/);
    expect(term.stderr).toBe('');

    const history = new TestTerminal({ tty: false, storeDir: term.io.storeDir });
    expect(await runHistory({ json: true }, history.io)).toBe(0);
    const [session] = JSON.parse(history.stdout) as SessionRecord[];
    expect(session).toMatchObject({ mode: 'mock', completed: true, filters: { minutes: 1, seed: 4 } });
    expect(session!.results.map((r) => [r.status, r.timeSeconds])).toEqual([
      ['answered', 12],
      ['timed-out', 48],
      ['not-reached', 0],
    ]);
    expect(session!.results[0]).toMatchObject({ answer: 'monitor it', keyPointsCovered: [0] });
    // Picked from the bank without question text, the same questions as from the whole bank with the same seed.
    const whole = checkBank([bank], { bundledTopics: false });
    const mix = parseMix(
      'alpha:2,beta:1',
      whole.topics.map((t) => t.id),
    );
    expect(session!.results.map((r) => r.questionId)).toEqual(pickMockQuestions(whole.questions, mix, 4).map((q) => q.id));
    // The feedback names the first answer's covered and missed key points, from the questions asked.
    const feedback = term.stdout.slice(term.stdout.indexOf('Interviewer feedback'));
    expect(feedback).toMatch(/✔ covered {2}\S/);
    expect(feedback).toMatch(/✘ missed {3}\S/);
    // The answered questions moved their review cards; the one not reached did not.
    const cards = await new ProfileStore('tester', () => undefined, term.io.storeDir).readSchedule();
    expect(Object.keys(cards).sort()).toEqual(
      session!.results
        .slice(0, 2)
        .map((r) => r.questionId)
        .sort(),
    );
  });

  it('refuses to run without a terminal', async () => {
    const term = new TestTerminal({ tty: false });
    expect(await term.run((io) => runMock({ bundled: false, bank: [tinyBank()] }, io))).toBe(2);
    expect(term.stderr).toMatch(/^mle-prep: the mock interview needs an interactive terminal/);
    expect(term.stdout).toBe('');
  });
});
