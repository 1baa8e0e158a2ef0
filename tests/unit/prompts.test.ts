// The answer and self-grade prompts, driven key by key through a scripted terminal.
import { render } from '@inquirer/testing';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { gradeChecklist } from '../../src/ui/grade-prompt.js';
import { timedText } from '../../src/ui/timed-prompts.js';

const plain = new Chalk({ level: 0 });
const base = { message: 'Your answer', color: plain, width: 60, now: () => 0 };

describe('typing an answer', () => {
  it('wraps a long line at word boundaries as it is typed, and Alt-Enter starts a new line', async () => {
    const { answer, events, getScreen } = await render(timedText, base);
    events.type('An overall average can hide a segment that is getting much worse because a large segment dominates');
    events.keypress({ name: 'return', meta: true });
    events.type('Second paragraph.');
    const screen = getScreen();
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(screen).toContain('┆ An overall average can hide a segment that is getting');
    expect(screen).toContain('› Second paragraph.');
    events.keypress('enter');
    expect(await answer).toEqual({
      text: 'An overall average can hide a segment that is getting much worse because a large segment dominates\nSecond paragraph.',
      timedOut: false,
      hintsUsed: 0,
    });
  });

  it('reveals hints one at a time with Tab and counts them', async () => {
    const { answer, events, getScreen } = await render(timedText, { ...base, hints: ['First nudge.', 'Second nudge.'] });
    expect(getScreen()).toContain('Tab hint (2 left)');
    events.keypress('tab');
    expect(getScreen()).toContain('Hint 1: First nudge.');
    expect(getScreen()).not.toContain('Second nudge');
    events.keypress('tab');
    events.keypress('tab');
    expect(getScreen()).toContain('Hint 2: Second nudge.');
    events.type('KV cache');
    events.keypress('enter');
    expect(await answer).toMatchObject({ text: 'KV cache', hintsUsed: 2 });
  });

  it('hands the text so far to the editor with Ctrl-E, and opens again with the edited text', async () => {
    const first = await render(timedText, base);
    first.events.type('draft');
    first.events.keypress({ name: 'e', ctrl: true });
    expect(await first.answer).toEqual({ text: 'draft', timedOut: false, edit: true, hintsUsed: 0 });
    const second = await render(timedText, { ...base, initial: 'line one\nline two' });
    expect(second.getScreen()).toContain('┆ line one\n› line two');
    second.events.type(' more');
    second.events.keypress('enter');
    expect(await second.answer).toMatchObject({ text: 'line one\nline two more' });
  });
});

describe('grading an answer', () => {
  const config = {
    message: 'Which key points did your answer cover?',
    color: plain,
    width: 60,
    rows: 24,
    answer: 'Data drift changes P(x).\nConcept drift changes P(y|x).',
    modelAnswer: 'Model answer\n\nThe model answer text.',
    keyPoints: [
      { text: 'Defines data drift', suggested: true, evidence: 'Data drift changes P(x).' },
      { text: 'Defines concept drift', suggested: false },
      { text: 'Gives an example', suggested: true, evidence: 'Concept drift changes P(y|x).' },
    ],
  };

  it('shows the whole answer directly above the checklist, the suggested points ticked with their evidence', async () => {
    const { answer, events, getScreen } = await render(gradeChecklist, config);
    const screen = getScreen();
    expect(screen).toContain(
      'Your answer (Tab: model answer)\n  Data drift changes P(x).\n  Concept drift changes P(y|x).\n? Which key points did your answer cover? (2 suggested)',
    );
    expect(screen).toContain('❯ ◉ Defines data drift\n    “Data drift changes P(x).”\n  ◯ Defines concept drift\n  ◉ Gives an example');
    // The user's ticks are the grade: untick the first, tick the second.
    events.keypress('space');
    events.keypress('down');
    events.keypress('space');
    events.keypress('enter');
    expect(await answer).toEqual([1, 2]);
  });

  it('flips to the model answer with Tab, and scrolls a panel too long for the screen', async () => {
    const long = { ...config, rows: 14, answer: Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') };
    const { events, getScreen } = await render(gradeChecklist, long);
    const screen = getScreen();
    expect(screen.split('\n').length).toBeLessThanOrEqual(14);
    expect(screen).toMatch(/line 1\n[\s\S]*… \d+ more lines \(PgDn\)/);
    events.keypress('pagedown');
    expect(getScreen()).toMatch(/… \d+ lines above \(PgUp\) · \d+ more lines \(PgDn\)/);
    events.keypress('tab');
    expect(getScreen()).toContain('Model answer (Tab: your answer)\n  Model answer\n\n  The model answer text.');
  });
});
