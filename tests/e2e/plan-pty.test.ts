// Flags and notes during a quiz, quiz --flagged, and review following an interview plan, in a real pseudo-terminal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/plan/interview.js';
import { localDay } from '../../src/stats/aggregate.js';
import { tinyBank } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { answerAll, answerQuestion, Terminal } from '../helpers/pty.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const ENTER = '\r';
const store = (home: string) => JSON.parse(readFileSync(join(home, 'mle-prep', 'profile-tester.json'), 'utf8'));

describe('flags and notes', () => {
  it('f flags and n notes the question at the pause; quiz --flagged asks it again with the note beside its answer', async () => {
    const bank = tinyBank();
    const home = tempDir();
    const term = new Terminal(['quiz', '--no-bundled', '--bank', bank, '--type', 'choice', '--no-timer'], home);
    let at = await answerQuestion(term, 0, { choice: 'b' });
    at = await term.waitFor('Press Enter for the summary · f flag · n add a note', 15_000, at);
    await term.type('f');
    at = await term.waitFor('⚑ flagged · Press Enter for the summary · f unflag', 15_000, at);
    await term.type('n');
    at = await term.waitFor('? Note', 15_000, at);
    await term.type('B because it is right by construction');
    await term.type(ENTER);
    at = await term.waitFor('n edit the note', 15_000, at);
    await term.type(ENTER);
    await term.waitFor('Summary', 15_000, at);
    expect(await term.exitCode()).toBe(0);
    expect(store(home).settings).toMatchObject({ flagged: ['beta-choice-one'], notes: { 'beta-choice-one': 'B because it is right by construction' } });

    const flagged = new Terminal(['quiz', '--flagged', '--no-bundled', '--bank', bank, '--no-timer'], home);
    await flagged.waitFor('mle-prep flagged quiz · 1 question');
    at = await answerQuestion(flagged, 0, { choice: 'a' });
    expect(flagged.text.slice(flagged.text.indexOf('Explanation'))).toMatch(/Your note\s+B because it is right by construction/);
    await flagged.waitFor('⚑ flagged · Press Enter for the summary', 15_000, at);
    // Unflag it this time.
    await flagged.type('f');
    await flagged.waitFor('f flag · n edit the note', 15_000, at);
    await flagged.type(ENTER);
    expect(await flagged.exitCode()).toBe(0);
    expect(store(home).settings.flagged).toEqual([]);
    const [newest] = JSON.parse(runCli(['history', '--json'], { configHome: home }).stdout);
    expect(newest.filters).toMatchObject({ flagged: true });

    const none = runCli(['quiz', '--flagged', '--no-bundled', '--bank', bank], { configHome: home });
    // stdin is not a terminal here, so the quiz refuses before looking at flags: the message is checked in a pty.
    expect(none.code).toBe(2);
    const empty = new Terminal(['quiz', '--flagged', '--no-bundled', '--bank', bank], home);
    expect(await empty.exitCode()).toBe(1);
    expect(empty.text).toContain('mle-prep: no flagged questions yet; press f after an answer to flag one, or run `mle-prep note <id> --flag`.');
  }, 60_000);
});

describe('review with an interview date', () => {
  it("asks today's part of the plan, and the day after the interview says so and goes back to the normal schedule", async () => {
    const bank = tinyBank();
    const home = tempDir();
    const today = localDay(new Date());
    const set = runCli(['plan', '--interview', addDays(today, 3), '--minutes-per-day', '20', '--no-bundled', '--bank', bank], { configHome: home });
    expect(set.code).toBe(0);
    const planned = JSON.parse(runCli(['plan', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout);
    const todays: string[] = planned.days[0].fresh;
    expect(todays.length).toBeGreaterThan(0);

    const review = new Terminal(['review', '--no-bundled', '--bank', bank, '--no-timer'], home);
    await review.waitFor(/interview\s\w{3}\s\d{4}-\d\d-\d\d\s\(3\sdays\sleft\)\s·\stoday's\splan:\s0\sreviews,\s\d\s+new\s·\sabout\s\d+\smin/);
    await answerAll(review);
    expect(await review.exitCode()).toBe(0);
    // The review schedule, as the journal's snapshot of it holds it.
    const schedule = JSON.parse(readFileSync(join(home, 'mle-prep', 'profile-tester.jsonl.schedule'), 'utf8')).data;
    expect(Object.keys(schedule).sort()).toEqual([...todays].sort());

    const again = new Terminal(['review', '--no-bundled', '--bank', bank], home);
    expect(await again.exitCode()).toBe(0);
    expect(again.text.replace(/\s+/g, ' ')).toContain("Today's plan is done.");

    // The interview was yesterday.
    const data = store(home);
    writeTree(home, { 'mle-prep/profile-tester.json': JSON.stringify({ ...data, settings: { ...data.settings, plan: { ...data.settings.plan, interview: addDays(today, -1) } } }) });
    const after = new Terminal(['review', '--no-bundled', '--bank', bank, '--new', '0'], home);
    expect(await after.exitCode()).toBe(0);
    expect(after.text.replace(/\s+/g, ' ')).toMatch(/Your interview on \w{3} \d{4}-\d\d-\d\d was 1 day ago: back to the normal review schedule\./);
    expect(after.text.replace(/\s+/g, ' ')).toContain('Nothing to review right now.');
  }, 60_000);
});

describe('plan from the command line', () => {
  it('refuses a past date with one line on stderr and exit 2, leaving the profile untouched', () => {
    const home = tempDir();
    const result = runCli(['plan', '--interview', '2020-01-01'], { configHome: home });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^mle-prep: the interview date 2020-01-01 is in the past \(today is \d{4}-\d\d-\d\d\); give today's date or a later one\.\n$/);
    const bad = runCli(['plan', '--minutes-per-day', '0'], { configHome: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('mle-prep: --minutes-per-day must be a whole number from 1 to 1440.');
    expect(runCli(['config', 'retention', '1.5'], { configHome: home }).stderr).toBe('mle-prep: retention must be a number from 0.7 to 0.97, such as 0.9.\n');
  });
});
