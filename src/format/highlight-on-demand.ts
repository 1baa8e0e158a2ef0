// Stands in for cli-highlight inside marked-terminal (see scripts/build.mjs): highlight.js is large, and most
// questions have no code, so it is loaded the first time a code block is actually rendered.
import { createRequire } from 'node:module';

type Highlight = (code: string, options?: object) => string;
let loaded: Highlight | undefined;

export function highlight(code: string, options?: object): string {
  loaded ??= (createRequire(import.meta.url)('cli-highlight') as { highlight: Highlight }).highlight;
  return loaded(code, options);
}
