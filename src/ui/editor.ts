// The user's own editor for long answers and code: $VISUAL, else $EDITOR, else vi, run through the shell as git
// runs it (so "code --wait" or a quoted path works). The terminal is handed over while it runs (no prompt may be
// active), and the text comes back when it closes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type EditOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** The editor command that will run, for messages ("vi", "code --wait"). */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

export interface EditOptions {
  env: NodeJS.ProcessEnv;
  /** File name the editor sees ("answer.md", "solution.py": the extension picks its syntax highlighting). */
  fileName?: string;
  /** The terminal this process reads keys from; released to the editor while it runs. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean; isRaw?: boolean; setRawMode?(raw: boolean): unknown };
}

/**
 * Opens `text` in the editor and resolves with the saved text. An editor that cannot start or exits with an error
 * resolves with a reason instead (never a throw), so the text typed so far is never lost.
 */
export async function editText(text: string, options: EditOptions): Promise<EditOutcome> {
  const command = editorCommand(options.env);
  const dir = mkdtempSync(join(tmpdir(), 'mle-prep-edit-'));
  const file = join(dir, options.fileName ?? 'answer.md');
  const input = options.input ?? process.stdin;
  const wasRaw = input.isTTY ? Boolean(input.isRaw) : false;
  try {
    writeFileSync(file, text, { mode: 0o600 });
    if (input.isTTY) input.setRawMode?.(false);
    input.pause();
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn('/bin/sh', ['-c', `${command} "$@"`, command, file], { stdio: 'inherit', env: options.env });
      child.once('error', (error) => resolve(error.message));
      child.once('exit', (status, signal) => resolve(signal ?? status ?? 0));
    });
    if (code !== 0) {
      const why = typeof code === 'number' ? (code === 127 ? 'command not found' : `it exited with status ${code}`) : code;
      return { ok: false, reason: `the editor "${command}" did not finish (${why}); set $VISUAL or $EDITOR to one that works` };
    }
    return { ok: true, text: readFileSync(file, 'utf8').replace(/\r\n/g, '\n') };
  } catch (error) {
    return { ok: false, reason: `the editor "${command}" could not be used: ${(error as Error).message}` };
  } finally {
    if (input.isTTY) input.setRawMode?.(wasRaw);
    rmSync(dir, { recursive: true, force: true });
  }
}
