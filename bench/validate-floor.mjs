// The floor for validating a bank: walk the folder, read every question file and parse its YAML (the front
// matter of Markdown files) with the same YAML library mle-prep uses, and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

let parsed = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(md|ya?ml)$/.test(entry.name) && entry.name !== 'topics.yaml') {
      const text = readFileSync(path, 'utf8');
      const source = entry.name.endsWith('.md') ? text.slice(4, text.indexOf('\n---', 4)) : text;
      parseDocument(source).toJS();
      parsed++;
    }
  }
}
walk(process.argv[2]);
console.log(parsed);
