import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The bank shipped in the package: `questions/` at the package root, found from wherever this code was built to. */
export function bundledBankDir(): string {
  if (cached) return cached;
  // The build makes this the output file's folder (__dirname) without a URL.
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'questions');
    if (existsSync(join(candidate, 'topics.yaml'))) return (cached = candidate);
    dir = dirname(dir);
  }
  throw new Error('the bundled question bank is missing from this installation of mle-prep');
}
