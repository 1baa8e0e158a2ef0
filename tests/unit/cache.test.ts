import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asciiJson, prebuiltBankFiles, prebuiltBankPath, readPrebuiltBank, summarize, type CheckedBank } from '../../src/bank-files/cache.js';
import { openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { tempDir, writeTree } from '../helpers/temp.js';

describe('the bank cache file format', () => {
  it('is plain ASCII that parses back to exactly what was written, whatever the text', () => {
    // Any UTF-16 code unit, lone surrogates and line separators included.
    const text = fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)) });
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text), fc.integer())), (value) => {
        const json = asciiJson(value);
        expect(json).toMatch(/^[\x00-\x7f]*$/);
        expect(JSON.parse(json)).toEqual(value);
      }),
    );
    // Dashes, symbols, accents and an astral character (a surrogate pair, escaped as two units).
    const sample = { answer: 'p95 ≤ 200 ms — café 🚀', path: '/home/José/bank', odd: '\u2028\ud800' };
    expect(asciiJson(sample)).toBe('{"answer":"p95 \\u2264 200 ms \\u2014 caf\\u00e9 \\ud83d\\ude80","path":"/home/Jos\\u00e9/bank","odd":"\\u2028\\ud800"}');
    expect(JSON.parse(asciiJson(sample))).toEqual(sample);
  });
});

describe("the bundled bank's cache built with the package", () => {
  const bank: CheckedBank = { questions: [], topics: [{ id: 'alpha', title: 'Alpha', description: 'A.' }], questionCount: 1, errorCount: 0, errorFiles: 0 };

  function installed() {
    const root = writeTree(tempDir(), { 'questions/topics.yaml': TINY_TOPICS, 'questions/alpha/q.md': openQuestion('alpha-one'), 'dist/.keep': '' });
    const dir = join(root, 'questions');
    const files = [join(dir, 'topics.yaml'), join(dir, 'alpha', 'q.md')];
    // Installing gives every file a new mtime, in no particular order.
    const stamp = new Date('2030-10-26T08:15:00Z');
    const written = prebuiltBankFiles(dir, files, bank);
    for (const detail of ['full', 'summary'] as const) writeFileSync(prebuiltBankPath(dir, detail), written[detail]);
    for (const file of files) utimesSync(file, stamp, stamp);
    return { dir, files };
  }

  it('is read wherever the package was installed, in full and as a summary', () => {
    const { dir, files } = installed();
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(readPrebuiltBank(dir, files, 'summary')).toEqual(summarize(bank));
  });

  it('is not trusted once a file is edited, added or removed after the build, and survives new mtimes', () => {
    const edited = installed();
    writeFileSync(edited.files[1]!, `${openQuestion('alpha-one')}\n`);
    expect(readPrebuiltBank(edited.dir, edited.files, 'full')).toBeUndefined();

    // Same size and the old mtime restored: the content still tells.
    const same = installed();
    writeFileSync(same.files[1]!, openQuestion('alpha-one').replace('beginner', 'advanced'));
    utimesSync(same.files[1]!, new Date('2030-10-26T08:15:00Z'), new Date('2030-10-26T08:15:00Z'));
    expect(readPrebuiltBank(same.dir, same.files, 'full')).toBeUndefined();

    const added = installed();
    writeFileSync(join(added.dir, 'alpha', 'r.md'), openQuestion('alpha-two'));
    expect(readPrebuiltBank(added.dir, [...added.files, join(added.dir, 'alpha', 'r.md')], 'full')).toBeUndefined();
    expect(readPrebuiltBank(added.dir, added.files.slice(0, 1), 'full')).toBeUndefined();
  });

  it('is ignored when missing or damaged', () => {
    const { dir, files } = installed();
    writeFileSync(prebuiltBankPath(dir, 'full'), '{"signature": ');
    expect(readPrebuiltBank(dir, files, 'full')).toBeUndefined();
    rmSync(prebuiltBankPath(dir, 'summary'));
    expect(readPrebuiltBank(dir, files, 'summary')).toBeUndefined();
  });
});
