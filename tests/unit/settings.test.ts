// The plan, retention, notes and flags read from profile settings a hand edit may have broken.
import { describe, expect, it } from 'vitest';
import type { StoreSettings } from '../../src/store/schema.js';
import {
  annotationsOf,
  clearPlan,
  flaggedIds,
  notesOf,
  planSettings,
  retentionSetting,
  saveAnnotations,
  setFlag,
  setNote,
  setPlan,
} from '../../src/store/settings.js';

describe('profile settings for plans, notes and flags', () => {
  it('reads only well-formed values and falls back to "not set"', () => {
    const broken = { retention: 2, plan: { interview: 'soon' }, notes: ['x'], flagged: 'all' } as unknown as StoreSettings;
    expect(retentionSetting(broken)).toBeUndefined();
    expect(planSettings(broken)).toBeUndefined();
    expect(notesOf(broken).size).toBe(0);
    expect(flaggedIds(broken).size).toBe(0);
    const odd = {
      retention: 0.85,
      plan: { interview: '2026-12-17', minutesPerDay: -3, focus: ['mlops', 7] },
      notes: { a: 'kept', b: 3, c: '  ' },
      flagged: ['a', 1],
    } as unknown as StoreSettings;
    expect(retentionSetting(odd)).toBe(0.85);
    expect(planSettings(odd)).toEqual({ interview: '2026-12-17', minutesPerDay: 30, focus: ['mlops'] });
    expect([...notesOf(odd)]).toEqual([['a', 'kept']]);
    expect([...flaggedIds(odd)]).toEqual(['a']);
  });

  it('writes the plan, notes and flags in place, and saves only the annotations a session changed', () => {
    const settings: StoreSettings = { newPerDay: 5 };
    setPlan(settings, { interview: '2026-12-17', minutesPerDay: 45, focus: ['serving'] });
    setNote(settings, 'q1', `  ${'x'.repeat(600)}  `);
    setFlag(settings, 'q2', true);
    setFlag(settings, 'q1', true);
    expect(settings).toEqual({
      newPerDay: 5,
      plan: { interview: '2026-12-17', minutesPerDay: 45, focus: ['serving'] },
      notes: { q1: 'x'.repeat(500) },
      flagged: ['q1', 'q2'],
    });
    const annotations = annotationsOf(settings);
    annotations.flagged.delete('q1');
    annotations.notes.set('q3', 'new');
    annotations.flagged.delete('q2');
    saveAnnotations(settings, annotations, ['q1', 'q3']);
    // q2 was not changed by this session, so its flag stays as stored.
    expect(settings.flagged).toEqual(['q2']);
    expect(settings.notes).toEqual({ q1: 'x'.repeat(500), q3: 'new' });
    setNote(settings, 'q1', '');
    clearPlan(settings);
    expect(settings).toEqual({ newPerDay: 5, notes: { q3: 'new' }, flagged: ['q2'] });
  });
});
