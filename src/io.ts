// The one place a command's streams, terminal, clock, timers, signals, store folder and environment come from, so a
// test calls a command with its own: a scripted terminal, a fake clock, a temporary store.
import envPaths from 'env-paths';
import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance } from 'chalk';
import { terminalSafe } from './format/terminal-text.js';
import { isTerminal, streamOf, writeAll, type Fd } from './output.js';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  columns: number;
  /** Terminal rows (24 when unknown). */
  rows: number;
  color: ChalkInstance;
}

/** Where keys come from: the stream prompts read, and whether it is a terminal. */
export interface Input {
  stream: NodeJS.ReadableStream;
  isTTY: boolean;
}

/** A timer handle, whatever the clock hands out. */
export type TimerId = unknown;

/** The clock and its timers: the real ones in the CLI, a fake one that a test moves forward. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(run: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  setInterval(run: () => void, ms: number): TimerId;
  clearInterval(id: TimerId): void;
}

/** Ctrl-C that arrives as a signal (between prompts, or from `kill -INT`). */
export interface Signals {
  /** Calls `handler` on SIGINT until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

export interface CommandIO {
  stdout: Output;
  stderr: Output;
  stdin: Input;
  /** The stream prompts draw on: the terminal itself, not the cleaned stdout. */
  terminal: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
  /** The clock's reading as a Date. */
  now(): Date;
  signals: Signals;
  /** The folder that holds the profiles' score stores. */
  storeDir: string;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (id) => clearInterval(id as NodeJS.Timeout),
};

/** The score stores' folder: mle-prep in the user's config folder (XDG_CONFIG_HOME on Linux). */
export function storeDirectory(): string {
  return envPaths('mle-prep', { suffix: '' }).config;
}

/** NO_COLOR (any non-empty value) wins; otherwise colour only where chalk finds a colour-capable terminal. */
export function colorLevel(env: NodeJS.ProcessEnv, support: { level: number } | false): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return support ? (support.level as 0 | 1 | 2 | 3) : 0;
}

function output(fd: Fd, level: 0 | 1 | 2 | 3): Output {
  const tty = isTerminal(fd);
  // Colour and nothing else that could drive a terminal, for a pipe or a file too: `history | cat` or a report
  // redirected and printed later reaches a terminal all the same. JSON escapes controls, so it is unchanged.
  // A terminal is written through its stream (prompts share it); a file or pipe straight to its descriptor.
  return {
    write: (text) => writeAll(fd, terminalSafe(text)),
    isTTY: tty,
    get columns() {
      return (tty && streamOf(fd).columns) || 80;
    },
    get rows() {
      return (tty && streamOf(fd).rows) || 24;
    },
    color: new Chalk({ level }),
  };
}

export function processIO(): CommandIO {
  return {
    stdout: output(1, colorLevel(process.env, supportsColor)),
    stderr: output(2, colorLevel(process.env, supportsColorStderr)),
    // The stream is made, and the descriptor asked whether it is a terminal, only when a command reads keys.
    stdin: {
      get stream() {
        return process.stdin;
      },
      get isTTY() {
        return isTerminal(0);
      },
    },
    get terminal() {
      return streamOf(1);
    },
    env: process.env,
    cwd: process.cwd(),
    clock: realClock,
    now: () => new Date(),
    signals: {
      onInterrupt(handler) {
        process.on('SIGINT', handler);
        return () => void process.off('SIGINT', handler);
      },
    },
    storeDir: storeDirectory(),
  };
}

/** A one-line warning on stderr, in the form every command uses. */
export function warnTo(io: CommandIO): (message: string) => void {
  return (message) => io.stderr.write(io.stderr.color.yellow(`mle-prep: ${message}\n`));
}
