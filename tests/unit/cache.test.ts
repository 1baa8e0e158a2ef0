import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as crypto from 'node:crypto';
import { readdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  asciiJson,
  bankSignature,
  fullCacheText,
  prebuiltBankFiles,
  prebuiltBankPath,
  prebuiltStamp,
  readPrebuiltBank as readPrebuilt,
  readQuestionAt,
  summarize,
  type CheckedBank,
  type Detail,
  type LexedQuestion,
} from '../../src/bank-files/cache.js';
import type { Question } from '../../src/bank/types.js';
import { openQuestion, TINY_TOPICS } from '../helpers/bank.js';
import { question } from '../helpers/questions.js';
import { tempDir, writeTree } from '../helpers/temp.js';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, createHash: vi.fn(actual.createHash) };
});

let cacheDir: string;
beforeEach(() => {
  const home = tempDir();
  vi.stubEnv('XDG_CACHE_HOME', home);
  cacheDir = join(home, 'mle-prep');
  return () => vi.unstubAllEnvs();
});

/** As the loader reads it: with the files' stat signature, taken now. */
function readPrebuiltBank(dir: string, files: string[], detail: Detail) {
  const bank = readPrebuilt(dir, { files, signature: bankSignature(files) }, detail as 'full');
  if (!bank) return bank;
  const { ranges: _ranges, ...rest } = bank as CheckedBank & { ranges?: unknown };
  return rest;
}

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

  it("is read as built for an installed package's bank, without its files, and not when it is damaged", () => {
    const { dir, files } = installed();
    writeFileSync(files[1]!, `${openQuestion('alpha-one')}\n`);
    const { ranges: _ranges, ...read } = readPrebuilt(dir, 'installed', 'full') as CheckedBank & { ranges?: unknown };
    expect(read).toEqual(bank);
    expect(readPrebuilt(dir, 'installed', 'summary')?.questions).toEqual(summarize(bank).questions);
    writeFileSync(prebuiltBankPath(dir, 'full'), '{"signature": 1}');
    expect(readPrebuilt(dir, 'installed', 'full')).toBeUndefined();
    // A prebuilt cache of another build (a dist/ left half rebuilt) is not this package's.
    const summary = readFileSync(prebuiltBankPath(dir, 'summary'), 'latin1');
    writeFileSync(prebuiltBankPath(dir, 'summary'), summary.replace('"signature":"source\\n', '"signature":"0.0.9-1\\n'));
    expect(readPrebuilt(dir, 'installed', 'summary')).toBeUndefined();
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

  it("is hashed once: later runs compare the files' stats with a stamp in the user's cache, and an edit is still seen", () => {
    const { dir, files } = installed();
    const hashes = vi.mocked(crypto.createHash);
    hashes.mockClear();
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(1);
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^bank-[0-9a-f]{8}\.prebuilt\.json$/)]);
    expect(readPrebuiltBank(dir, files, 'summary')).toEqual(summarize(bank));
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(1);

    // Editing a bundled question (a git clone, say) changes its stats: hashed again, and no longer trusted.
    writeFileSync(files[1]!, openQuestion('alpha-one').replace('beginner', 'advanced'));
    expect(readPrebuiltBank(dir, files, 'full')).toBeUndefined();
    expect(hashes).toHaveBeenCalledTimes(2);
    // Undoing the edit restores the content, and the stamp follows the new stats.
    writeFileSync(files[1]!, openQuestion('alpha-one'));
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(3);

    // A damaged stamp only costs a hash.
    writeFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), '{"stat": ');
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(4);
  });

  it('takes the stamp the build left: the first run in the clone it was built in hashes nothing, until a file changes', () => {
    const { dir, files } = installed();
    const built = prebuiltBankFiles(dir, files, bank).signature;
    writeFileSync(prebuiltBankPath(dir, 'stamp'), prebuiltStamp(bankSignature(files), built));
    const hashes = vi.mocked(crypto.createHash);
    hashes.mockClear();
    expect(readPrebuiltBank(dir, files, 'summary')).toEqual(summarize(bank));
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).not.toHaveBeenCalled();
    // A stamp of other files, or of another prebuilt cache, is no proof.
    writeFileSync(prebuiltBankPath(dir, 'stamp'), prebuiltStamp(bankSignature(files.slice(1)), built));
    hashes.mockClear();
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(1);
    rmSync(cacheDir, { recursive: true });
    writeFileSync(prebuiltBankPath(dir, 'stamp'), prebuiltStamp(bankSignature(files), 'source\nanother build'));
    expect(readPrebuiltBank(dir, files, 'full')).toEqual(bank);
    expect(hashes).toHaveBeenCalledTimes(2);
    // Once a file is edited, the build's stamp no longer matches: hashed, and the edit seen.
    rmSync(cacheDir, { recursive: true });
    writeFileSync(prebuiltBankPath(dir, 'stamp'), prebuiltStamp(bankSignature(files), built));
    writeFileSync(files[1]!, openQuestion('alpha-one').replace('beginner', 'advanced'));
    expect(readPrebuiltBank(dir, files, 'full')).toBeUndefined();
    expect(hashes).toHaveBeenCalledTimes(3);
  });

  it("keeps each question's lexed Markdown in a file of its own, found through both the full file and the summary", () => {
    const { dir, files } = installed();
    const questions = [question('alpha-one', { prompt: 'One **bold**', answer: 'Uno' }), question('alpha-two', { prompt: 'Two', answer: 'Dos' })];
    const lexedBank: CheckedBank = { ...bank, questions, questionCount: 2 };
    const lex = (q: Question): LexedQuestion => ({ id: q.id, markdown: [[q.prompt, [{ type: 'paragraph', text: q.prompt.toUpperCase() }]]] });
    const written = prebuiltBankFiles(dir, files, lexedBank, lex);
    for (const detail of ['full', 'summary', 'lexed'] as const) writeFileSync(prebuiltBankPath(dir, detail), written[detail] ?? '');
    const full = readPrebuilt(dir, { files, signature: bankSignature(files) }, 'full');
    const summary = readPrebuilt(dir, { files, signature: bankSignature(files) }, 'summary');
    expect(full?.questions).toEqual(questions);
    expect(full?.lexedRanges).toEqual(summary?.lexedRanges);
    questions.forEach((q, i) => {
      expect(readQuestionAt<LexedQuestion>(prebuiltBankPath(dir, 'lexed'), full!.lexedRanges!, i)).toEqual(lex(q));
    });
    // Without a lexer (the user's own banks) there is no lexed file.
    expect(prebuiltBankFiles(dir, files, lexedBank).lexed).toBeUndefined();
    expect(JSON.parse(prebuiltBankFiles(dir, files, lexedBank).full)).not.toHaveProperty('lexed');
  });

  it('is ignored when missing or damaged', () => {
    const { dir, files } = installed();
    writeFileSync(prebuiltBankPath(dir, 'full'), '{"signature": ');
    expect(readPrebuiltBank(dir, files, 'full')).toBeUndefined();
    rmSync(prebuiltBankPath(dir, 'summary'));
    expect(readPrebuiltBank(dir, files, 'summary')).toBeUndefined();
  });
});

describe('reading one question from a full cache file', () => {
  const question = (id: string, prompt: string) =>
    ({ id, topic: 'alpha', prompt, answer: 'p95 \u2264 200 ms \ud83d\ude80', keyPoints: [] }) as unknown as Question;
  const bank: CheckedBank = {
    questions: [question('a', 'caf\u00e9 \u2014 "quoted"'), question('b', 'second'), question('c', 'x'.repeat(5000))],
    topics: [{ id: 'alpha', title: 'Alpha', description: 'A.' }],
    questionCount: 3,
    errorCount: 0,
    errorFiles: 0,
  };

  it('finds each question by its range, and the whole file still parses to the bank', () => {
    const { text, full } = fullCacheText('sig', bank, 'n1');
    expect(JSON.parse(text)).toEqual({ nonce: 'n1', signature: 'sig', bank });
    expect(fullCacheText('sig', bank, 'n1').text).toBe(text);
    const path = join(tempDir(), 'full.json');
    writeFileSync(path, text);
    bank.questions.forEach((q, i) => {
      expect(readQuestionAt(path, full, i)).toEqual(q);
    });
    expect(readQuestionAt(path, full, 3)).toBeUndefined();
    const empty = fullCacheText('sig', { ...bank, questions: [] }, 'n2');
    expect(JSON.parse(empty.text).bank.questions).toEqual([]);
  });

  it('reads nothing from a file written by another run, or a damaged one', () => {
    const path = join(tempDir(), 'full.json');
    const { full } = fullCacheText('sig', bank, 'n1');
    writeFileSync(path, fullCacheText('sig', bank, 'n2').text);
    expect(readQuestionAt(path, full, 0)).toBeUndefined();
    writeFileSync(path, 'damaged');
    expect(readQuestionAt(path, full, 0)).toBeUndefined();
    expect(readQuestionAt(join(tempDir(), 'missing.json'), full, 0)).toBeUndefined();
  });
});
