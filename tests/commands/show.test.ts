// show called in-process: one question with its model answer, and a suggestion on a typo.
import { describe, expect, it } from 'vitest';
import { runShow } from '../../src/commands/show.js';
import { tinyBank } from '../helpers/bank.js';
import { run } from '../helpers/run-command.js';

describe('show', () => {
  it('prints one question with its model answer, and suggests an id on a typo', async () => {
    const bank = tinyBank();
    const shown = await run((io) => runShow('beta-choice-one', { bundled: false, bank: [bank] }, io));
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout).toContain('beta-choice-one');
    expect(shown.stdout).toContain('✔ B. The right one');
    expect(shown.stdout).toContain('Explanation');
    const open = await run((io) => runShow('alpha-first', { bundled: false, bank: [bank] }, io));
    expect(open.stdout).toContain('Model answer');
    const typo = await run((io) => runShow('beta-choice-on', { bundled: false, bank: [bank] }, io));
    expect(typo).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'mle-prep: no question with id "beta-choice-on" (did you mean "beta-choice-one"?); `mle-prep list --ids` lists them.\n',
    });
  });
});
