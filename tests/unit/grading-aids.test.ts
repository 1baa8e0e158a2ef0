import { describe, expect, it } from 'vitest';
import { withGradingAids, type InteractiveSession } from '../../src/services/practice.js';
import { fakeSession } from '../helpers/sessions.js';
import { question } from '../helpers/questions.js';

describe('the last result of a returning question', () => {
  it('reads the history only when a question first asks, and once', () => {
    let reads = 0;
    const past = fakeSession('s-1', '2026-11-20T09:00:00.000Z', 3);
    const session = {
      plan: { questions: [question('open-one')], limitFor: () => undefined },
      filters: { count: 1, seed: 1 },
      bank: [question('open-one')],
      get history() {
        reads++;
        return [past];
      },
    } as unknown as InteractiveSession;
    const io = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {} } as unknown as Parameters<typeof withGradingAids>[1];
    const plan = withGradingAids(session, io, new AbortController().signal);
    expect(reads).toBe(0);
    const id = past.results[0]!.questionId;
    expect(plan.lastTime!(id)).toEqual(past.results[0]);
    expect(plan.lastTime!('never-seen')).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('answers with a promise while the history is read in the background, and reads it once', async () => {
    let reads = 0;
    const past = fakeSession('s-2', '2026-11-21T09:00:00.000Z', 3);
    const session = {
      plan: { questions: [question('open-one')], limitFor: () => undefined },
      filters: { count: 1, seed: 1 },
      bank: [question('open-one')],
      get history() {
        reads++;
        return Promise.resolve([past]);
      },
    } as unknown as InteractiveSession;
    const io = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {} } as unknown as Parameters<typeof withGradingAids>[1];
    const plan = withGradingAids(session, io, new AbortController().signal);
    const id = past.results[0]!.questionId;
    const pending = plan.lastTime!(id);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(past.results[0]);
    expect(await plan.lastTime!('never-seen')).toBeUndefined();
    expect(reads).toBe(1);
  });
});
