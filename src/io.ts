// The one place a command's output streams, environment and clock come from, so tests can pass their own.
import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance } from 'chalk';
import { terminalSafe } from './format/terminal-text.js';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  columns: number;
  /** Terminal rows (24 when unknown). */
  rows: number;
  color: ChalkInstance;
}

export interface CommandIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): Date;
}

/** NO_COLOR (any non-empty value) wins; otherwise colour only where chalk finds a colour-capable terminal. */
export function colorLevel(env: NodeJS.ProcessEnv, support: { level: number } | false): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return support ? (support.level as 0 | 1 | 2 | 3) : 0;
}

function output(stream: NodeJS.WriteStream, level: 0 | 1 | 2 | 3): Output {
  return {
    // Colour and nothing else that could drive a terminal, for a pipe or a file too: `history | cat` or a report
    // redirected and printed later reaches a terminal all the same. JSON escapes controls, so it is unchanged.
    write: (text) => void stream.write(terminalSafe(text)),
    isTTY: Boolean(stream.isTTY),
    get columns() {
      return stream.columns || 80;
    },
    get rows() {
      return stream.rows || 24;
    },
    color: new Chalk({ level }),
  };
}

export function processIO(): CommandIO {
  return {
    stdout: output(process.stdout, colorLevel(process.env, supportsColor)),
    stderr: output(process.stderr, colorLevel(process.env, supportsColorStderr)),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** A one-line warning on stderr, in the form every command uses. */
export function warnTo(io: CommandIO): (message: string) => void {
  return (message) => io.stderr.write(io.stderr.color.yellow(`mle-prep: ${message}\n`));
}
