import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/bank/types.js';
import { withGradingAids, type InteractiveSession } from '../../src/services/practice.js';
import { fakeSession } from '../helpers/sessions.js';
import { question } from '../helpers/questions.js';
import { TestTerminal } from '../helpers/command-io.js';

describe('the last result of a returning question', () => {
  const sessionWith = (latest: InteractiveSession['latest']) =>
    ({
      plan: { questions: [question('open-one')], limitFor: () => undefined },
      filters: { count: 1, seed: 1 },
      bank: [question('open-one')],
      latest,
    }) as unknown as InteractiveSession;
  const io = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {} } as unknown as Parameters<typeof withGradingAids>[1];

  it('comes from the latest results at hand', () => {
    const past = fakeSession('s-1', '2026-11-20T09:00:00.000Z', 3);
    const id = past.results[0]!.questionId;
    const plan = withGradingAids(sessionWith(new Map([[id, past.results[0]!]])), io, new AbortController().signal);
    expect(plan.lastTime!(id)).toEqual(past.results[0]);
    expect(plan.lastTime!('never-seen')).toBeUndefined();
  });

  it('is a promise while the latest results are read in the background', async () => {
    const past = fakeSession('s-2', '2026-11-21T09:00:00.000Z', 3);
    const id = past.results[0]!.questionId;
    const plan = withGradingAids(sessionWith(Promise.resolve(new Map([[id, past.results[0]!]]))), io, new AbortController().signal);
    const pending = plan.lastTime!(id);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(past.results[0]);
    expect(await plan.lastTime!('never-seen')).toBeUndefined();
  });
});

describe('the whole bank behind the key-point suggestions', () => {
  const session = (bank: InteractiveSession['bank']) =>
    ({
      plan: { questions: [question('open-one')], limitFor: () => undefined },
      filters: { count: 1, seed: 1 },
      bank,
      latest: new Map(),
    }) as unknown as InteractiveSession;
  const answer = 'States the idea directly and explains why it works.';

  /** A plan whose session reads its bank (these questions) when asked, counting the reads. */
  const planReading = (questions: Question[]) => {
    const state = { reads: 0, term: new TestTerminal() };
    const plan = withGradingAids(
      session(async () => {
        state.reads++;
        return questions;
      }),
      state.term.io,
      new AbortController().signal,
    );
    return { plan, state };
  };

  it('is read once, while the first question is on screen, when the session was not given it', async () => {
    const { plan, state } = planReading([question('open-one'), question('open-two')]);
    const term = state.term;
    expect(state.reads).toBe(0);
    // Answered at once: the suggestions wait for the bank.
    const early = plan.suggest!(question('open-one'), answer);
    expect(early).toBeInstanceOf(Promise);
    const suggested = await early;
    expect(suggested.suggestions.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    // Later answers have it at hand; the reading the clock would have started is not repeated.
    await term.clock.tick(1000);
    expect(plan.suggest!(question('open-one'), answer)).not.toBeInstanceOf(Promise);
    expect(state.reads).toBe(1);
  });

  it('is read by the clock when no answer came first', async () => {
    const { plan, state } = planReading([question('open-one')]);
    const term = state.term;
    await term.clock.tick(1000);
    expect(state.reads).toBe(1);
    expect(plan.suggest!(question('open-one'), answer)).not.toBeInstanceOf(Promise);
  });
});

describe('a bank that cannot be read again', () => {
  it('leaves the suggestions to this session’s questions, with one warning, and loses nothing', async () => {
    const term = new TestTerminal();
    const plan = withGradingAids(
      {
        plan: { questions: [question('open-one')], limitFor: () => undefined },
        filters: { count: 1, seed: 1 },
        bank: () => Promise.reject(new Error('EACCES: permission denied')),
        latest: new Map(),
      } as unknown as InteractiveSession,
      term.io,
      new AbortController().signal,
    );
    const first = await plan.suggest!(question('open-one'), 'States the idea directly and explains why it works.');
    expect(first.suggestions).toHaveLength(4);
    expect(plan.suggest!(question('open-one'), 'Names the trade-offs.')).not.toBeInstanceOf(Promise);
    await term.clock.tick(1000);
    expect(term.stderr.match(/could not be read again/g)).toHaveLength(1);
  });
});
