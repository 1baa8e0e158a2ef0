// validate on a bank of 5,000 files in a 128 MB heap: a capacity check of about ten seconds on two cores, so it runs
// as its own step of .ci/run (MLE_PREP_SLOW_CHECKS=1) rather than in every run of the suite.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_ANSWER, openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { BIN, cliEnv } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe.skipIf(!process.env.MLE_PREP_SLOW_CHECKS)('mle-prep validate on a large bank', () => {
  it('checks 5,000 question files in one run within a 128 MB heap', () => {
    const bank = tempDir();
    writeFileSync(join(bank, 'topics.yaml'), TINY_TOPICS);
    for (let dir = 0; dir < 50; dir++) {
      mkdirSync(join(bank, `d${dir}`));
      for (let i = 0; i < 100; i++) {
        const id = `alpha-gen-${dir}-${i}`;
        const file = join(bank, `d${dir}`, i % 2 ? `${id}.md` : `${id}.yaml`);
        writeFileSync(
          file,
          i % 2
            ? openQuestion(id)
            : `questions:\n  - id: ${id}\n    topic: beta\n    difficulty: advanced\n    tags: [gen]\n    prompt: Question ${i}?\n    key_points: [States the idea directly, Names the trade-offs, Gives a PSI above 0.2]\n    answer: |\n      ${LONG_ANSWER}\n`,
        );
      }
    }
    const result = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'validate', bank], {
      env: cliEnv(tempDir()),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: `✔ ${bank}: 5000 questions in 5000 files are valid\n`,
      stderr: '',
    });
  }, 120_000);
});
