import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The bank shipped in the package: `questions/` at the package root, found from wherever this code was built to. */
export function bundledBankDir(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'questions');
    if (existsSync(join(candidate, 'topics.yaml'))) return (cached = candidate);
    dir = dirname(dir);
  }
  throw new Error('the bundled question bank is missing from this installation of mle-prep');
}
