// The user's editor, as git runs it: a shell command with the file appended.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorCommand, editText } from '../../src/ui/editor.js';
import { tempDir } from '../helpers/temp.js';

/** A stand-in editor: a script that appends a line to the file it is given. */
function fakeEditor(body: string): string {
  const path = join(tempDir(), 'fake editor.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return `"${path}"`;
}

describe("editing an answer in the user's editor", () => {
  it('prefers $VISUAL, then $EDITOR, then vi', () => {
    expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' })).toBe('code --wait');
    expect(editorCommand({ EDITOR: 'nano' })).toBe('nano');
    expect(editorCommand({ VISUAL: '  ' })).toBe('vi');
  });

  it('returns the text the editor saved, with the text so far given to it', async () => {
    const editor = fakeEditor('printf "second line\\n" >> "$1"');
    const outcome = await editText('first line\n', { env: { ...process.env, VISUAL: editor }, fileName: 'solution.py' });
    expect(outcome).toEqual({ ok: true, text: 'first line\nsecond line\n' });
  });

  it('passes arguments written in the command through the shell, and names the file as asked', async () => {
    const editor = fakeEditor('printf "%s|%s" "$1" "$(basename "$2")" > "$2"');
    const outcome = await editText('', { env: { ...process.env, EDITOR: `${editor} --wait` }, fileName: 'solution.py' });
    expect(outcome).toEqual({ ok: true, text: '--wait|solution.py' });
  });

  it('says in one sentence why an editor that is missing or fails gave nothing back', async () => {
    const missing = await editText('kept', { env: { ...process.env, VISUAL: 'no-such-editor-anywhere' } });
    expect(missing).toEqual({
      ok: false,
      reason: 'the editor "no-such-editor-anywhere" did not finish (command not found); set $VISUAL or $EDITOR to one that works',
    });
    const failing = await editText('kept', { env: { ...process.env, VISUAL: fakeEditor('exit 3') } });
    expect(failing.ok).toBe(false);
    expect(failing.ok ? '' : failing.reason).toMatch(/exited with status 3/);
  });
});
