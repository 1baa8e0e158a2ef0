// Run by scripts/build.mjs: checks the bundled bank once, as loading it would, and returns the cache files that
// ship with the package, including each question's Markdown already lexed for the terminal renderer (the one
// place the bank's files reach for a formatter: it runs only when the package is built), and a stamp of the files'
// stats for the clone it was built in.
import { checkBank } from './bank.js';
import { bundledBankDir } from './bundled.js';
import { lexMarkdown } from '../format/markdown.js';
import type { Question } from '../bank/types.js';
import { bankFilesOf, checkedBankOf, prebuiltBankFiles, prebuiltBankPath, prebuiltStamp, type LexedQuestion } from './cache.js';

export function prebuildBundledBank(): Array<{ path: string; text: string }> {
  const dir = bundledBankDir();
  // Stated before the files are read and again after: a file edited while the build ran leaves no stamp.
  const found = bankFilesOf(dir, true)!;
  const bank = checkedBankOf(checkBank([dir], { bundledTopics: true }));
  const lexed = (question: Question): LexedQuestion => ({
    id: question.id,
    markdown: [question.prompt, question.answer].map((text) => [text, lexMarkdown(text)]),
  });
  const files = prebuiltBankFiles(dir, found.files, bank, lexed);
  return [
    ...(['full', 'summary', 'lexed'] as const).map((detail) => ({ path: prebuiltBankPath(dir, detail), text: files[detail] ?? '' })),
    // The files as they were read, for the first run in this clone (left out of the package).
    {
      path: prebuiltBankPath(dir, 'stamp'),
      text: bankFilesOf(dir, true)?.signature === found.signature ? prebuiltStamp(found.signature, files.signature) : '',
    },
  ];
}
