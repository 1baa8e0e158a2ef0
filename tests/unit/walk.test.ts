import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findQuestionFiles } from '../../src/bank-files/walk.js';
import { tempDir, writeTree } from '../helpers/temp.js';

describe('finding question files', () => {
  it('names each file as path.join would, however the folder was written, and honours the ignore rules', () => {
    const dir = writeTree(tempDir(), {
      'topics.yaml': '',
      'a.md': '',
      'b.md': '',
      'nested/deeper/c.yaml': '',
      'nested/d.yml': '',
      'nested/notes.txt': '',
      'skip/e.md': '',
      '.hidden/f.md': '',
      '.mle-prepignore': 'skip/\nb.md\n',
    });
    const fromCwd = relative(process.cwd(), dir);
    for (const root of [dir, `${dir}/`, `${dir}/./nested/..`, fromCwd, `./${fromCwd}/`]) {
      const found = findQuestionFiles([root]);
      expect({ root, files: found.questionFiles }).toEqual({ root, files: ['a.md', 'nested/d.yml', 'nested/deeper/c.yaml'].map((f) => join(root, f)) });
      expect(found.topicsFiles).toEqual([join(root, 'topics.yaml')]);
    }
    // --ignore patterns alone, with no ignore file.
    const plain = writeTree(tempDir(), { 'a.md': '', 'nested/c.md': '' });
    expect(findQuestionFiles([plain], ['nested/']).questionFiles).toEqual([join(plain, 'a.md')]);
    expect(findQuestionFiles([plain]).questionFiles).toEqual([join(plain, 'a.md'), join(plain, 'nested', 'c.md')]);
  });
});
