// plan, stats, config retention and note, called as the CLI calls them, with a fake clock and captured output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../../src/commands/config.js';
import { runNote } from '../../src/commands/note.js';
import { runPlan, type PlanOptions } from '../../src/commands/plan.js';
import { runShow } from '../../src/commands/show.js';
import { runStats } from '../../src/commands/stats.js';
import { CliError, UsageError } from '../../src/errors.js';
import { ProfileStore } from '../../src/store/profile-store.js';
import { tinyBank } from '../helpers/bank.js';
import { tempDir } from '../helpers/temp.js';
import { fakeClock, pipedIO } from '../helpers/command-io.js';

let home: string;
let bankDir: string;
beforeAll(() => {
  home = tempDir();
  bankDir = tinyBank();
});

function fakeIO(now: Date, user: string) {
  return pipedIO(home, { clock: fakeClock(now), env: { MLE_PREP_USER: user } });
}

const bank = () => ({ bundled: false, bank: [bankDir] });
const storeOf = (user: string) => JSON.parse(readFileSync(join(home, 'mle-prep', `profile-${user}.json`), 'utf8'));
const DEC_3 = new Date(2026, 11, 3, 9, 0);

async function plan(user: string, options: Omit<PlanOptions, 'bank' | 'bundled'>, now = DEC_3) {
  const { io, out } = fakeIO(now, user);
  const code = await runPlan({ ...options, ...bank() }, io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('mle-prep plan', () => {
  it('says how to set a date when there is none', async () => {
    expect((await plan('none', {})).stdout).toBe(
      'No interview date set for none. Set one with: mle-prep plan --interview 2026-12-17 [--minutes-per-day 30] [--focus <topics>]\n',
    );
    expect(JSON.parse((await plan('none', { json: true })).stdout)).toEqual({ user: 'none', interview: null });
  });

  it('refuses a date in the past with one usage error and stores nothing', async () => {
    const attempt = plan('past', { interview: '2026-12-02' });
    await expect(attempt).rejects.toThrow(
      new UsageError("the interview date 2026-12-02 is in the past (today is 2026-12-03); give today's date or a later one."),
    );
    await expect(attempt).rejects.toMatchObject({ exitCode: 2 });
    await expect(plan('past', { interview: '12/17/2026' })).rejects.toThrow(
      '--interview "12/17/2026" is not a date; write it as YYYY-MM-DD, for example 2026-12-17.',
    );
    await expect(plan('past', { interview: '2026-12-17', focus: ['nope'] })).rejects.toThrow('--focus names unknown topic "nope"');
    await expect(plan('past', { minutesPerDay: 20 })).rejects.toThrow('no interview date is set yet; give one: mle-prep plan --interview YYYY-MM-DD.');
    await expect(plan('past', { clear: true, interview: '2026-12-17' })).rejects.toThrow(UsageError);
    expect(() => storeOf('past')).toThrow();
  });

  it('stores the date, prints the day-by-day plan, shows it again, changes its minutes and clears it', async () => {
    const set = await plan('ada', { interview: '2026-12-10', minutesPerDay: 10 });
    expect(set.code).toBe(0);
    expect(storeOf('ada').settings.plan).toEqual({ interview: '2026-12-10', minutesPerDay: 10, focus: [] });
    const lines = set.stdout.split('\n');
    expect(lines[0]).toBe('Interview plan · ada · interview Thu 2026-12-10 (7 days left) · 10 min a day');
    expect(lines[1]).toBe("3 questions (all topics): 0 seen, 3 new. Minutes are estimated from each question's suggested time.");
    expect(set.stdout).toContain('All 3 new questions fit before the interview.');
    // Seven days, today first; every new question appears once, with its topic.
    const days = lines.filter((l) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 2026-12-/.test(l));
    expect(days).toHaveLength(7);
    expect(days[0]).toMatch(/^Thu 2026-12-03 \(today\) +\d+ min {2}/);
    expect(days.at(-1)).toMatch(/^Wed 2026-12-09 /);
    const fresh = days
      .join('\n')
      .match(/(\d+) new \(/g)!
      .map((m) => Number(m.split(' ')[0]));
    expect(fresh.reduce((a, b) => a + b, 0)).toBe(3);

    const shown = await plan('ada', {});
    expect(shown.stdout).toBe(set.stdout);
    const data = JSON.parse((await plan('ada', { json: true })).stdout);
    expect(data).toMatchObject({
      user: 'ada',
      interview: '2026-12-10',
      today: '2026-12-03',
      daysLeft: 7,
      minutesPerDay: 10,
      newPlanned: 3,
      leftOut: { count: 0 },
      track: { onTrack: true },
    });
    expect(data.days.flatMap((d: { fresh: string[] }) => d.fresh).sort()).toEqual(['alpha-first', 'alpha-second', 'beta-choice-one']);

    await plan('ada', { minutesPerDay: 1 });
    expect(storeOf('ada').settings.plan).toEqual({ interview: '2026-12-10', minutesPerDay: 1, focus: [] });
    // One minute a day: the 2-minute open question never fits a day, so it gets a free day of its own.
    const tight = JSON.parse((await plan('ada', { json: true })).stdout);
    expect(tight.leftOut.count).toBe(0);
    expect(tight.days.find((d: { fresh: string[] }) => d.fresh.includes('alpha-first'))).toMatchObject({ fresh: ['alpha-first'], reviews: [], minutes: 2 });
    // With the interview tomorrow there is one day: the 45-second question fits, the two others are left out.
    await plan('ada', { interview: '2026-12-04' });
    const tomorrow = JSON.parse((await plan('ada', { json: true })).stdout);
    expect(tomorrow.leftOut).toEqual({ count: 2, byTopic: { alpha: 2 }, ids: ['alpha-first', 'alpha-second'] });
    expect((await plan('ada', {})).stdout).toContain('The time allows 1 of the 3 new questions; 2 are left out: alpha 2.');

    expect((await plan('ada', { clear: true })).stdout).toBe('Removed the interview date (2026-12-04) for ada; review is back to the normal schedule.\n');
    expect(storeOf('ada').settings.plan).toBeUndefined();
    expect((await plan('ada', { clear: true })).stdout).toBe('No interview date was set for ada.\n');
  });

  it('plans a date tomorrow as today alone, and says on the day and after it that the plan is over', async () => {
    const tomorrow = await plan('bo', { interview: '2026-12-04', focus: ['alpha'] });
    expect(tomorrow.stdout).toContain('interview Fri 2026-12-04 (1 day left)');
    expect(tomorrow.stdout).toContain('2 questions (focus: alpha)');
    expect(tomorrow.stdout.match(/^\w{3} 2026-12-0\d/gm)).toEqual(['Thu 2026-12-03']);
    expect((await plan('bo', {}, new Date(2026, 11, 4, 7))).stdout).toContain('The interview is today: nothing more to plan.');
    expect((await plan('bo', {}, new Date(2026, 11, 5, 7))).stdout).toBe(
      'Your interview on Fri 2026-12-04 was 1 day ago; review is back to the normal schedule. `mle-prep plan --clear` removes the date, or set the next one with --interview.\n',
    );
  });
});

describe('stats with an interview date', () => {
  it('shows days left, coverage and forecast recall per topic, and whether the user is on track', async () => {
    await plan('cy', { interview: '2026-12-10', minutesPerDay: 30 });
    // alpha-first was studied on 1 December: a session in the journal moved its card.
    const studied = new Date(2026, 11, 1, 9);
    const store = new ProfileStore(
      'cy',
      () => undefined,
      join(home, 'mle-prep'),
      () => studied,
    );
    const result = {
      questionId: 'alpha-first',
      topic: 'alpha',
      difficulty: 'beginner' as const,
      type: 'open' as const,
      score: 0.8,
      timeSeconds: 60,
      timedOut: false,
      status: 'answered' as const,
    };
    await store.appendSession(
      {
        id: 's-cy',
        user: 'cy',
        mode: 'quiz',
        startedAt: studied.toISOString(),
        finishedAt: studied.toISOString(),
        completed: true,
        filters: {},
        score: 0.8,
        results: [result],
      },
      { schedule: true },
    );
    const { io, out } = fakeIO(DEC_3, 'cy');
    expect(await runStats(bank(), io)).toBe(0);
    expect(out.stdout).toContain('Interview readiness · Thu 2026-12-10 (7 days left) · on track');
    expect(out.stdout).toMatch(/│ alpha +│ +1\/2 │ +50% │ +\d+% │/);
    expect(out.stdout).toMatch(/│ beta +│ +0\/1 │ +0% │ +– │/);

    const json = fakeIO(DEC_3, 'cy');
    await runStats({ ...bank(), json: true }, json.io);
    const { interview } = JSON.parse(json.out.stdout);
    expect(interview).toMatchObject({
      date: '2026-12-10',
      daysLeft: 7,
      track: { onTrack: true, reasons: [] },
      forecast: { overall: { questions: 3, seen: 1 } },
    });
    expect(interview.forecast.questions).toEqual([{ id: 'alpha-first', topic: 'alpha', recall: expect.any(Number) }]);
    expect(interview.forecast.questions[0].recall).toBeGreaterThan(0.5);
    expect(interview.forecast.questions[0].recall).toBeLessThan(0.9);
    // The same plan as the plan command makes from the whole stored sessions (stats reads them without answers).
    const planned = fakeIO(DEC_3, 'cy');
    expect(await runPlan({ ...bank(), json: true }, planned.io)).toBe(0);
    expect(interview.track).toEqual(JSON.parse(planned.out.stdout).track);

    const after = fakeIO(new Date(2026, 11, 12, 9), 'cy');
    await runStats(bank(), after.io);
    expect(after.out.stdout).toContain('Interview Thu 2026-12-10 was 2 days ago; review is back to the normal schedule.');
  });

  it('says behind, and why, when the bank does not fit', async () => {
    await plan('di', { interview: '2026-12-04', minutesPerDay: 1 });
    const { io, out } = fakeIO(DEC_3, 'di');
    await runStats(bank(), io);
    expect(out.stdout).toMatch(/· behind: \d unseen questions? do(es)? not fit before the interview/);
  });
});

describe('config retention', () => {
  it('stores a desired retention within bounds and lists it with the other settings', async () => {
    const { io, out } = fakeIO(DEC_3, 'ed');
    await runConfig('retention', '0.95', {}, io);
    expect(out.stdout).toBe('retention = 0.95 for ed\n');
    expect(storeOf('ed').settings.retention).toBe(0.95);
    for (const bad of ['0.5', '0.99', '1', 'high', '-0.9', '']) {
      await expect(runConfig('retention', bad, {}, io)).rejects.toThrow(new UsageError('retention must be a number from 0.7 to 0.97, such as 0.9.'));
    }
    const shown = fakeIO(DEC_3, 'ed');
    await runConfig(undefined, undefined, {}, shown.io);
    expect(shown.out.stdout).toContain('new-per-day = 10 (default)');
    expect(shown.out.stdout).toContain('retention = 0.95  # the recall to keep each question at');
    const one = fakeIO(DEC_3, 'ed');
    await runConfig('retention', undefined, {}, one.io);
    expect(one.out.stdout.split('\n')).toHaveLength(2);
  });

  it('is the retention the plan works with', async () => {
    await plan('ed', { interview: '2026-12-20' });
    expect(JSON.parse((await plan('ed', { json: true })).stdout).retention).toBe(0.95);
  });
});

describe('mle-prep note', () => {
  async function note(id: string | undefined, words: string[], options: { clear?: boolean; flag?: boolean; unflag?: boolean } = {}) {
    const { io, out } = fakeIO(DEC_3, 'fi');
    await runNote(id, words, { ...options, ...bank() }, io);
    return out.stdout;
  }

  it('sets, shows, flags, lists and clears a note', async () => {
    expect(await note(undefined, [])).toMatch(/^No notes or flags for fi yet\./);
    expect(await note('alpha-first', [])).toBe('No note on alpha-first. Add one with: mle-prep note alpha-first <text>\n');
    expect(await note('alpha-first', ['PSI', 'above', '0.2', 'means', 'drift'])).toBe('Saved the note on alpha-first: PSI above 0.2 means drift\n');
    expect(await note('alpha-first', [])).toBe('Note on alpha-first: PSI above 0.2 means drift\n');
    expect(await note('beta-choice-one', [], { flag: true })).toBe(
      'No note on beta-choice-one (flagged). Add one with: mle-prep note beta-choice-one <text>\n',
    );
    expect(storeOf('fi').settings).toMatchObject({ notes: { 'alpha-first': 'PSI above 0.2 means drift' }, flagged: ['beta-choice-one'] });
    expect(await note(undefined, [])).toBe(
      '  alpha-first  PSI above 0.2 means drift\n⚑ beta-choice-one\n1 note, 1 flagged. `mle-prep quiz --flagged` asks the flagged ones.\n',
    );

    const { io, out } = fakeIO(DEC_3, 'fi');
    await runShow('alpha-first', { ...bank(), user: 'fi' }, io);
    expect(out.stdout).toMatch(/Model answer[\s\S]*Your note\n {2}PSI above 0\.2 means drift/);

    expect(await note('alpha-first', [], { clear: true })).toBe('Removed the note on alpha-first.\n');
    expect(await note('beta-choice-one', [], { unflag: true })).toMatch(/^No note on beta-choice-one\. /);
    expect(storeOf('fi').settings).toMatchObject({ notes: {}, flagged: [] });
  });

  it('refuses an unknown question, a note too long, and contradictory options', async () => {
    await expect(note('alpha-frist', ['x'])).rejects.toThrow(
      new CliError('no question with id "alpha-frist" (did you mean "alpha-first"?); `mle-prep list --ids` lists them.'),
    );
    await expect(note('alpha-first', ['x'.repeat(501)])).rejects.toThrow('a note is at most 500 characters; this one has 501.');
    await expect(note('alpha-first', ['x'], { clear: true })).rejects.toThrow(UsageError);
    await expect(note('alpha-first', [], { flag: true, unflag: true })).rejects.toThrow('choose one of --flag and --unflag.');
  });
});
