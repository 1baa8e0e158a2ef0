// config called in-process: settings shown with their defaults, set, and read back after a hand edit broke them.
import { describe, expect, it } from 'vitest';
import { runConfig } from '../../src/commands/config.js';
import { runPlan } from '../../src/commands/plan.js';
import { tinyBank } from '../helpers/bank.js';
import { run } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const DEFAULTS =
  'new-per-day = 10 (default)  # new questions `review` introduces per day\n' +
  'retention = 0.9 (default)  # the recall to keep each question at: shorter review intervals when higher (FSRS desired retention)\n' +
  'ai.url = off (default)  # an OpenAI-compatible API (e.g. http://localhost:11434/v1 for Ollama); answers are sent there only when set; "off" removes it\n' +
  'ai.model = off (default)  # the model to ask at ai.url (e.g. llama3.1); the API key is read from MLE_PREP_AI_KEY or OPENAI_API_KEY, never stored\n' +
  'ai.timeout = 15 (default)  # seconds to wait for the model before falling back to the offline suggestions\n';

describe('config', () => {
  it('sets a value and reads it back, and names the bounds of a bad one', async () => {
    const storeDir = tempDir();
    expect(await run((io) => runConfig('new-per-day', '5', {}, io), { storeDir })).toMatchObject({ code: 0, stdout: 'new-per-day = 5 for tester\n' });
    expect(await run((io) => runConfig('new-per-day', undefined, {}, io), { storeDir })).toMatchObject({
      code: 0,
      stdout: 'new-per-day = 5  # new questions `review` introduces per day\n',
    });
    expect(await run((io) => runConfig('retention', '2', {}, io), { storeDir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mle-prep: retention must be a number from /),
    });
    expect(await run((io) => runConfig('colour', undefined, {}, io), { storeDir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mle-prep: unknown setting "colour"; settings: new-per-day, /),
    });
  });

  it('falls back to the defaults instead of printing NaN when a hand edit broke the settings', async () => {
    const storeDir = writeTree(tempDir(), {
      'profile-tester.json': JSON.stringify({
        schemaVersion: 2,
        sessions: [],
        cards: {},
        settings: { newPerDay: 'ten', retention: 2, plan: { interview: 'soon' }, ai: { url: 'ftp://x', model: 3, timeout: -1 } },
      }),
    });
    expect(await run((io) => runConfig(undefined, undefined, {}, io), { storeDir })).toMatchObject({ code: 0, stdout: DEFAULTS });
    const plan = await run((io) => runPlan({ bundled: false, bank: [tinyBank()] }, io), { storeDir });
    expect(plan.stdout).toMatch(/^No interview date set for tester\./);
  });
});
