// Run by scripts/build.mjs: checks the bundled bank once, as loading it would, and returns the cache files that
// ship with the package.
import { checkBank } from './bank.js';
import { bundledBankDir } from './bundled.js';
import { checkedBankOf, prebuiltBankFiles, prebuiltBankPath, type Detail } from './cache.js';
import { findQuestionFiles } from './walk.js';

export function prebuildBundledBank(): Array<{ path: string; text: string }> {
  const dir = bundledBankDir();
  const bank = checkedBankOf(checkBank([dir], { bundledTopics: true }));
  const found = findQuestionFiles([dir]);
  const files = prebuiltBankFiles(dir, [...found.questionFiles, ...found.topicsFiles], bank);
  return (['full', 'summary'] as Detail[]).map((detail) => ({ path: prebuiltBankPath(dir, detail), text: files[detail] }));
}
