// Flags and notes during a quiz, quiz --flagged, review following an interview plan, and plan's refusals, called
// in-process with a scripted terminal and a fake clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfig } from '../../src/commands/config.js';
import { runHistory } from '../../src/commands/history.js';
import { runPlan } from '../../src/commands/plan.js';
import { runQuiz } from '../../src/commands/quiz.js';
import { runReview } from '../../src/commands/review.js';
import { addDays } from '../../src/plan/interview.js';
import type { SessionRecord } from '../../src/session/types.js';
import { localDay } from '../../src/lib/day.js';
import { tinyBank } from '../helpers/bank.js';
import { answerAll, answerQuestion, fakeClock, TestTerminal } from '../helpers/command-io.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const ENTER = '\r';

/** Terminals that share one clock and one store, as one user at one machine. */
function workspace() {
  const clock = fakeClock();
  const storeDir = tempDir();
  return {
    clock,
    storeDir,
    terminal: (tty = true) => new TestTerminal({ clock, tty, storeDir }),
    profile: () => JSON.parse(readFileSync(join(storeDir, 'profile-tester.json'), 'utf8')),
  };
}

describe('flags and notes', () => {
  it('f flags and n notes the question at the pause; quiz --flagged asks it again with the note beside its answer', async () => {
    const bank = tinyBank();
    const { terminal, profile, clock } = workspace();
    const term = terminal();
    const done = term.run((io) => runQuiz({ bundled: false, bank: [bank], type: 'choice', timer: false }, io));
    let at = await answerQuestion(term, 0, { choice: 'b' });
    at = await term.waitFor('Press Enter for the summary · f flag · n add a note', at);
    await term.type('f');
    at = await term.waitFor('⚑ flagged · Press Enter for the summary · f unflag', at);
    await term.type('n');
    at = await term.waitFor('? Note', at);
    await term.type('B because it is right by construction');
    await term.type(ENTER);
    at = await term.waitFor('n edit the note', at);
    await term.type(ENTER);
    expect(await done).toBe(0);
    await term.waitFor('Summary', at);
    expect(profile().settings).toMatchObject({ flagged: ['beta-choice-one'], notes: { 'beta-choice-one': 'B because it is right by construction' } });
    await clock.tick(60_000);

    const flagged = terminal();
    const again = flagged.run((io) => runQuiz({ flagged: true, bundled: false, bank: [bank], timer: false }, io));
    await flagged.waitFor('mle-prep flagged quiz · 1 question');
    at = await answerQuestion(flagged, 0, { choice: 'a' });
    expect(flagged.stdout.slice(flagged.stdout.indexOf('Explanation'))).toMatch(/Your note\s+B because it is right by construction/);
    await flagged.waitFor('⚑ flagged · Press Enter for the summary', at);
    // Unflag it this time.
    await flagged.type('f');
    await flagged.waitFor('f flag · n edit the note', at);
    await flagged.type(ENTER);
    expect(await again).toBe(0);
    expect(profile().settings.flagged).toEqual([]);
    const history = terminal(false);
    expect(await history.run((io) => runHistory({ json: true }, io))).toBe(0);
    const [newest] = JSON.parse(history.stdout) as SessionRecord[];
    expect(newest!.filters).toMatchObject({ flagged: true });

    // Without a terminal the quiz refuses before it looks at flags.
    const none = terminal(false);
    expect(await none.run((io) => runQuiz({ flagged: true, bundled: false, bank: [bank] }, io))).toBe(2);
    expect(none.stderr).toMatch(/^mle-prep: the quiz needs an interactive terminal/);
    const empty = terminal();
    expect(await empty.run((io) => runQuiz({ flagged: true, bundled: false, bank: [bank] }, io))).toBe(1);
    expect(empty.stderr).toBe('mle-prep: no flagged questions yet; press f after an answer to flag one, or run `mle-prep note <id> --flag`.\n');
  });
});

describe('review with an interview date', () => {
  it("asks today's part of the plan, and the day after the interview says so and goes back to the normal schedule", async () => {
    const bank = tinyBank();
    const { terminal, profile, storeDir, clock } = workspace();
    const today = localDay(new Date(clock.now()));
    const set = terminal(false);
    expect(await set.run((io) => runPlan({ interview: addDays(today, 3), minutesPerDay: 20, bundled: false, bank: [bank] }, io))).toBe(0);
    const plan = terminal(false);
    expect(await plan.run((io) => runPlan({ json: true, bundled: false, bank: [bank] }, io))).toBe(0);
    const todays: string[] = JSON.parse(plan.stdout).days[0].fresh;
    expect(todays.length).toBeGreaterThan(0);

    const review = terminal();
    const reviewed = review.run((io) => runReview({ bundled: false, bank: [bank], timer: false }, io));
    await review.waitFor(/interview\s\w{3}\s\d{4}-\d\d-\d\d\s\(3\sdays\sleft\)\s·\stoday's\splan:\s0\sreviews,\s\d\s+new\s·\sabout\s\d+\smin/);
    await answerAll(review);
    expect(await reviewed).toBe(0);
    // The review schedule, as the journal's snapshot of it holds it.
    const schedule = JSON.parse(readFileSync(join(storeDir, 'profile-tester.jsonl.schedule'), 'utf8')).data;
    expect(Object.keys(schedule).sort()).toEqual([...todays].sort());

    const again = terminal();
    expect(await again.run((io) => runReview({ bundled: false, bank: [bank] }, io))).toBe(0);
    expect(again.stdout.replace(/\s+/g, ' ')).toContain("Today's plan is done.");

    // The interview was yesterday.
    const data = profile();
    writeTree(storeDir, {
      'profile-tester.json': JSON.stringify({ ...data, settings: { ...data.settings, plan: { ...data.settings.plan, interview: addDays(today, -1) } } }),
    });
    const after = terminal();
    expect(await after.run((io) => runReview({ bundled: false, bank: [bank], new: 0 }, io))).toBe(0);
    expect(after.stdout.replace(/\s+/g, ' ')).toMatch(/Your interview on \w{3} \d{4}-\d\d-\d\d was 1 day ago: back to the normal review schedule\./);
    expect(after.stdout.replace(/\s+/g, ' ')).toContain('Nothing to review right now.');
  });
});

describe('plan and config refusals', () => {
  it('refuses a past date with one line on stderr and exit 2, leaving the profile untouched', async () => {
    const { terminal, storeDir } = workspace();
    const past = terminal(false);
    expect(await past.run((io) => runPlan({ interview: '2020-01-01', bundled: false, bank: [tinyBank()] }, io))).toBe(2);
    expect(past.stdout).toBe('');
    expect(past.stderr).toBe("mle-prep: the interview date 2020-01-01 is in the past (today is 2026-12-03); give today's date or a later one.\n");
    const config = terminal(false);
    expect(await config.run((io) => runConfig('retention', '1.5', {}, io))).toBe(2);
    expect(config.stderr).toBe('mle-prep: retention must be a number from 0.7 to 0.97, such as 0.9.\n');
    expect(() => readFileSync(join(storeDir, 'profile-tester.json'))).toThrow(/ENOENT/);
  });
});
