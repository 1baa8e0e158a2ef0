// How question parts and the user's own text look in a terminal.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatChoices } from '../../src/format/question-view.js';
import { hanging, indentedBlock, joinSpaces, suggestCommand } from '../../src/format/wrap.js';
import { choiceQuestion } from '../helpers/questions.js';

const plain = new Chalk({ level: 0 });

describe('options in the terminal', () => {
  it('show code spans as the model answer does, without backticks, coloured when colour is on', () => {
    const q = choiceQuestion('c', [0], 2, {
      choices: [
        { text: 'Set `cudnn.benchmark = True`', correct: true, explanation: 'Runs `cudnn` autotuning.' },
        { text: 'Plain', correct: false },
      ],
    });
    const text = formatChoices(q, { color: plain, width: 80 });
    expect(text).toContain('A. Set cudnn.benchmark = True');
    expect(text).toContain('Runs cudnn autotuning.');
    expect(formatChoices(q, { color: new Chalk({ level: 1 }), width: 80 })).toContain('\u001b[33mcudnn.benchmark = True\u001b[39m');
  });
});

describe("the user's own text", () => {
  it('wraps at word boundaries with every line indented, keeping its line breaks and code indentation', () => {
    const answer =
      'A retrieval model built offline from query logs, which then serves candidates.\ndef f(x):\n    return x + 1  # a comment long enough to wrap\n\nLast line.';
    const block = indentedBlock(answer, 2, { width: 40 });
    const lines = block.split('\n');
    for (const line of lines) expect(line.length).toBeLessThan(40);
    expect(lines.filter((l) => l && !l.startsWith('  '))).toEqual([]);
    // No word is broken: the words read back whole.
    expect(block.split(/\s+/).filter(Boolean)).toEqual(answer.split(/\s+/).filter(Boolean));
    expect(lines).toContain('  def f(x):');
    const code = lines.findIndex((l) => l.startsWith('      return'));
    expect(lines[code + 1]).toMatch(/^ {6}\S/);
    expect(lines).toContain('');
  });
});

describe('suggested commands', () => {
  it('are never split across lines, and carry the profile when one was named', () => {
    const text = hanging(`Nothing to review right now. Extra practice: ${suggestCommand('mle-prep quiz --cram', 'pkgtest')}`, 0, { width: 50 });
    expect(text.split('\n')).toContain('mle-prep quiz --cram --user pkgtest');
    expect(joinSpaces(suggestCommand('mle-prep history'))).toBe('mle-prep history');
  });
});
