// A short mock interview, a review session and a cram session, each in a real pseudo-terminal.
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/session/types.js';
import { tinyBank } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { answerAll, Terminal } from '../helpers/pty.js';
import { journalSessions, storedCards } from '../helpers/store.js';
import { tempDir } from '../helpers/temp.js';

const ENTER = '\r';
const SPACE = ' ';
const store = async (home: string) => ({ sessions: journalSessions(home), cards: await storedCards(home) });

describe('mock interview in a pseudo-terminal', () => {
  it('runs out of interview time mid-question, reviews the answers, and gives feedback', async () => {
    const home = tempDir();
    const term = new Terminal(['mock', '--minutes', '1', '--no-bundled', '--bank', tinyBank(), '--mix', 'alpha:2,beta:1', '--seed', '4'], home);
    let at = await term.waitFor('Question 1 of 3');
    await term.waitFor(/interview 0:(59|60) left|interview 1:00 left/, 15_000, at);
    await term.waitFor(/\? Your answer/, 15_000, at);
    await term.type('monitor it');
    await term.type(ENTER);
    at = await term.waitFor('Question 2 of 3', 15_000, at);
    // Overrun: say nothing until the interview clock runs out.
    await term.waitFor('over budget', 60_000, at);
    at = await term.waitFor('The interview is over.', 70_000, at);
    at = await term.waitFor('Review 1 of 2', 15_000, at);
    await term.waitFor('Your answer', 15_000, at);
    await term.waitFor('Which key points did your answer cover?', 15_000, at);
    await term.type(SPACE);
    await term.type(ENTER);
    at = await term.waitFor('Press Enter for the next answer', 15_000, at);
    await term.type(ENTER);
    at = await term.waitFor('Review 2 of 2', 15_000, at);
    at = await term.waitFor('Press Enter for the summary', 15_000, at);
    await term.type(ENTER);
    at = await term.waitFor('Interviewer feedback', 15_000, at);
    await term.waitFor('Study next', 15_000, at);
    expect(await term.exitCode()).toBe(0);
    expect(term.text).toMatch(/3\. beta-choice-one \(beta\) · not reached/);
    expect(term.text).toMatch(/2\. alpha-\w+ \(alpha\) · ran out of time in \d:\d\d of 0:\d\d/);

    const [session] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout) as SessionRecord[];
    expect(session).toMatchObject({ mode: 'mock', completed: true, filters: { minutes: 1, seed: 4 } });
    expect(session!.results.map((r) => r.status)).toEqual(['answered', 'timed-out', 'not-reached']);
    expect(session!.results[0]).toMatchObject({ answer: 'monitor it', keyPointsCovered: [0] });
    const used = session!.results[0]!.timeSeconds + session!.results[1]!.timeSeconds;
    expect(used).toBeGreaterThan(57);
    expect(used).toBeLessThan(62);
    // The answered questions moved their review cards; the one not reached did not.
    expect(Object.keys((await store(home)).cards).sort()).toEqual(session!.results.slice(0, 2).map((r) => r.questionId).sort());
  }, 120_000);
});

describe('review and cram in a pseudo-terminal', () => {
  it('cram leaves the schedule alone; review introduces new questions and schedules them', async () => {
    const bank = tinyBank();
    const home = tempDir();
    const cram = new Terminal(['quiz', '--cram', '--no-bundled', '--bank', bank, '--no-timer'], home);
    await answerAll(cram);
    expect(await cram.exitCode()).toBe(0);
    expect(cram.text).toContain('Cram session: your review schedule was left as it was.');
    expect((await store(home)).cards).toEqual({});
    expect((await store(home)).sessions[0]!.mode).toBe('cram');

    expect(runCli(['config', 'new-per-day', '2'], { configHome: home }).code).toBe(0);
    const review = new Terminal(['review', '--no-bundled', '--bank', bank, '--no-timer'], home);
    await review.waitFor('0 due now · 0 more by tomorrow night · 2 new left today');
    await review.waitFor('This session: 2 new questions.');
    await answerAll(review);
    expect(await review.exitCode()).toBe(0);
    const after = await store(home);
    expect(Object.keys(after.cards)).toHaveLength(2);
    expect(review.text).toMatch(/Next reviews: (\d+ (tomorrow|in \d+ days)(, )?)+\. mle-prep review brings them back\./);
    expect(cram.text).not.toContain('Next reviews');
    expect(after.sessions[1]!.mode).toBe('review');

    const again = new Terminal(['review', '--no-bundled', '--bank', bank], home);
    expect(await again.exitCode()).toBe(0);
    // Wrapped to the terminal's width, so any space may be a line break, except inside the suggested commands.
    expect(again.text).toMatch(/Nothing to review right now\.\sThe\snext\scard\sis\sdue\s\d{4}-\d\d-\d\d\s\d\d:\d\d\s\(in\s\d+\sh\)\.\sYou\shave\smet\stoday's\snew-question\slimit;\smle-prep review --new 5 asks\s5\smore\snow\./);
    expect(again.text).toContain('mle-prep quiz --cram');

    const stats = JSON.parse(runCli(['stats', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout);
    expect(stats.reviewForecast).toHaveLength(7);
    expect(stats.reviewForecast.reduce((n: number, d: { due: number }) => n + d.due, 0)).toBe(2);
  }, 90_000);

  it('refuses to run without a terminal', () => {
    for (const command of ['review', 'mock']) {
      const result = runCli([command]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/needs an interactive terminal/);
    }
  });
});
