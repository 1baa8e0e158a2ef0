// review and cram called in-process with a scripted terminal and a fake clock, and the schedule they leave behind.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfig } from '../../src/commands/config.js';
import { runQuiz } from '../../src/commands/quiz.js';
import { runReview } from '../../src/commands/review.js';
import { runStats } from '../../src/commands/stats.js';
import { tinyBank } from '../helpers/bank.js';
import { answerAll, fakeClock, TestTerminal } from '../helpers/command-io.js';
import { journalSessions, storedCards } from '../helpers/store.js';
import { tempDir } from '../helpers/temp.js';

describe('review and cram (scripted terminal, fake clock)', () => {
  it('cram leaves the schedule alone; review introduces new questions and schedules them', async () => {
    const bank = tinyBank();
    const home = tempDir();
    // One clock and one store for every command, as one user at one terminal.
    const clock = fakeClock();
    const terminal = (tty = true) => new TestTerminal({ clock, tty, storeDir: join(home, 'mle-prep') });
    const store = async () => ({ sessions: journalSessions(home), cards: await storedCards(home) });

    const cram = terminal();
    const crammed = cram.run((io) => runQuiz({ cram: true, bundled: false, bank: [bank], timer: false }, io));
    await answerAll(cram);
    expect(await crammed).toBe(0);
    expect(cram.stdout).toContain('Cram session: your review schedule was left as it was.');
    expect(cram.stdout).not.toContain('Next reviews');
    expect((await store()).cards).toEqual({});
    expect((await store()).sessions.map((s) => s.mode)).toEqual(['cram']);
    await clock.tick(60_000);

    const config = terminal(false);
    expect(await config.run((io) => runConfig('new-per-day', '2', {}, io))).toBe(0);
    const review = terminal();
    const reviewed = review.run((io) => runReview({ bundled: false, bank: [bank], timer: false }, io));
    await review.waitFor('0 due now · 0 more by tomorrow night · 2 new left today');
    await review.waitFor('This session: 2 new questions.');
    await answerAll(review);
    expect(await reviewed).toBe(0);
    const after = await store();
    expect(Object.keys(after.cards)).toHaveLength(2);
    expect(review.stdout).toMatch(/Next reviews: (\d+ (tomorrow|in \d+ days)(, )?)+\. mle-prep review brings them back\./);
    expect(after.sessions.map((s) => s.mode)).toEqual(['cram', 'review']);

    const again = terminal();
    expect(await again.run((io) => runReview({ bundled: false, bank: [bank] }, io))).toBe(0);
    // Wrapped to the terminal's width, so any space may be a line break, except inside the suggested commands.
    expect(again.stdout).toMatch(
      /Nothing to review right now\.\sThe\snext\scard\sis\sdue\s\d{4}-\d\d-\d\d\s\d\d:\d\d\s\(in\s\d+\sh\)\.\sYou\shave\smet\stoday's\snew-question\slimit;\smle-prep review --new 5 asks\s5\smore\snow\./,
    );
    expect(again.stdout).toContain('mle-prep quiz --cram');

    const stats = terminal(false);
    expect(await stats.run((io) => runStats({ json: true, bundled: false, bank: [bank] }, io))).toBe(0);
    const forecast = JSON.parse(stats.stdout).reviewForecast as Array<{ due: number }>;
    expect(forecast).toHaveLength(7);
    expect(forecast.reduce((n, d) => n + d.due, 0)).toBe(2);
  });

  it('refuses to run without a terminal', async () => {
    const term = new TestTerminal({ tty: false });
    expect(await term.run((io) => runReview({ bundled: false, bank: [tinyBank()] }, io))).toBe(2);
    expect(term.stderr).toMatch(/^mle-prep: review needs an interactive terminal/);
    expect(term.stdout).toBe('');
  });
});
