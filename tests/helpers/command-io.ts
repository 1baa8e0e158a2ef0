// Calls a command in-process as the CLI would, with a scripted terminal, a fake clock and a temporary store:
// what it prints is read back as plain text, keys are typed into its stdin, and time moves only when a test says.
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createClock } from '@sinonjs/fake-timers';
import { Chalk } from 'chalk';
import stripAnsi from 'strip-ansi';
import { isCliError } from '../../src/errors.js';
import type { Clock, CommandIO, Output } from '../../src/io.js';
import { tempDir } from './temp.js';
import { waitForText } from './wait-for-text.js';

export interface FakeClock extends Clock {
  /** Moves the clock forward by `ms`, running every timer that falls due on the way (and the promises they settle). */
  tick(ms: number): Promise<void>;
}

/** A clock that stands still at `start` until a test ticks it. */
export function fakeClock(start: Date | number = new Date(2026, 11, 3, 9, 0)): FakeClock {
  const clock = createClock(typeof start === 'number' ? start : start.getTime());
  return {
    now: () => clock.now,
    setTimeout: (run, ms) => clock.setTimeout(run, ms),
    clearTimeout: (id) => clock.clearTimeout(id as number),
    setInterval: (run, ms) => clock.setInterval(run, ms),
    clearInterval: (id) => clock.clearInterval(id as number),
    tick: async (ms) => {
      await clock.tickAsync(ms);
    },
  };
}

export interface TestIOOptions {
  /** Terminal size; also what `columns` reports to the command. */
  columns?: number;
  rows?: number;
  /** stdin and stdout are terminals (the default), or a pipe and a file. */
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: FakeClock;
  /** The store folder; a new temporary one when absent. */
  storeDir?: string;
  cwd?: string;
}

/** Lets pending promises and stream events run: no timers, so no test waits on the real clock. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A command's whole world in one object: its CommandIO plus what a test needs to drive and read it. */
export class TestTerminal {
  readonly io: CommandIO;
  readonly clock: FakeClock;
  private out = '';
  private err = '';
  private readonly interrupts = new Set<() => void>();
  private readonly input: PassThrough;

  constructor(options: TestIOOptions = {}) {
    const columns = options.columns ?? 100;
    const rows = options.rows ?? 40;
    const tty = options.tty ?? true;
    this.clock = options.clock ?? fakeClock();
    this.input = Object.assign(new PassThrough(), { isTTY: tty, setRawMode: () => undefined });
    const screen = (key: 'out' | 'err') =>
      Object.assign(
        new Writable({
          write: (chunk, _encoding, done) => {
            this.print(key, String(chunk));
            done();
          },
        }),
        // A prompt pipes into the terminal and ends the pipe when it closes; like process.stdout, this one stays open.
        { isTTY: tty, columns, rows, end: () => undefined },
      );
    const terminal = screen('out');
    const output = (key: 'out' | 'err'): Output => ({
      write: (text) => this.print(key, text),
      isTTY: tty,
      columns,
      rows,
      color: new Chalk({ level: 0 }),
    });
    const clock = this.clock;
    this.io = {
      stdout: output('out'),
      stderr: output('err'),
      stdin: { stream: this.input, isTTY: tty },
      terminal,
      env: { MLE_PREP_USER: 'tester', NO_COLOR: '1', ...options.env },
      cwd: options.cwd ?? process.cwd(),
      clock,
      now: () => new Date(clock.now()),
      signals: {
        onInterrupt: (handler) => {
          this.interrupts.add(handler);
          return () => void this.interrupts.delete(handler);
        },
      },
      storeDir: options.storeDir ?? tempDir(),
    };
  }

  private plain = { from: '', text: '' };
  /** waitFor calls waiting for the next thing printed. */
  private readonly waiting = new Set<() => void>();

  private print(key: 'out' | 'err', text: string) {
    this[key] += text;
    for (const wake of [...this.waiting]) wake();
  }

  /** Everything printed to stdout and the terminal so far, without escape sequences. */
  get stdout(): string {
    // Read on every poll of waitFor: cleaned again only when something new was printed.
    if (this.plain.from !== this.out) this.plain = { from: this.out, text: stripAnsi(this.out).replace(/\r/g, '') };
    return this.plain.text;
  }

  get stderr(): string {
    return stripAnsi(this.err);
  }

  /** stdout as written, escape sequences included. */
  get raw(): string {
    return this.out;
  }

  /**
   * Calls a command with this terminal, as the CLI's error boundary would: an error written for the user is printed
   * on stderr as "mle-prep: <message>" and its exit code returned. Anything else still fails the test.
   */
  run(command: (io: CommandIO) => Promise<number>): Promise<number> {
    return command(this.io).catch((error: unknown) => {
      if (!isCliError(error)) throw error;
      this.print('err', `mle-prep: ${error.message}\n`);
      return error.exitCode;
    });
  }

  /** Types keys: '\r' Enter, ' ' Space, '\u001b[B' Down, '\u0003' Ctrl-C, '\t' Tab. */
  async type(keys: string): Promise<void> {
    this.input.write(keys);
    await settle();
  }

  /** Sends SIGINT, as `kill -INT` or Ctrl-C between prompts would. */
  async interrupt(): Promise<void> {
    for (const handler of [...this.interrupts]) handler();
    await settle();
  }

  /** Lets the command run until `pattern` shows after `from` characters of stdout; fails with the screen if it never does. */
  async waitFor(pattern: string | RegExp, from = 0): Promise<number> {
    // A deadline for failing only: the command's own time is the fake clock, which this does not move.
    return waitForText(
      () => this.stdout,
      pattern,
      from,
      10_000,
      this.waiting,
      () => `${String(pattern)} never showed; screen so far:\n${this.stdout.slice(-3000)}\nstderr:\n${this.stderr}`,
    );
  }
}

const ENTER = '\r';
const DOWN = '\u001b[B';

export interface Answer {
  /** A choice question: the letter to pick (default b). */
  choice?: string;
  /** An open question: the text to type (default x). */
  text?: string;
  /** An open question: how many of the first key points to tick (default none). */
  tick?: number;
}

/**
 * Answers the question on screen after `from`: a choice question with `choice`, an open one by typing `text` and
 * ticking the first `tick` key points. Resolves at the score line.
 */
export async function answerQuestion(term: TestTerminal, from: number, answer: Answer = {}): Promise<number> {
  const at = await term.waitFor(/\? Your answer/, from);
  // The current question's own header line says whether it is multiple choice.
  const header = term.stdout.lastIndexOf('── Question', at);
  if (term.stdout.slice(header, at).includes('multiple choice')) {
    await term.type(answer.choice ?? 'b');
    await term.type(ENTER);
  } else {
    await term.type(answer.text ?? 'x');
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', at);
    for (let i = 0; i < (answer.tick ?? 0); i++) await term.type(i === 0 ? ' ' : `${DOWN} `);
    await term.type(ENTER);
  }
  return term.waitFor(/Score \d+%/, at);
}

/** Answers every question of a session the same way, until its summary. */
export async function answerAll(term: TestTerminal, answer: Answer = {}): Promise<void> {
  let at = 0;
  for (;;) {
    at = await term.waitFor(/\? Your answer|Summary/, at);
    if (term.stdout.slice(at).startsWith('Summary')) return;
    at = await answerQuestion(term, at, answer);
    const next = await term.waitFor(/Press Enter for the (next question|summary)|Summary/, at);
    if (term.stdout.slice(next).startsWith('Press Enter')) await term.type(ENTER);
    at = next;
  }
}

/**
 * A command's IO as a script sees it (output to a pipe, 80 columns), its store in `home`: `out` reads back what it
 * printed.
 */
export function pipedIO(home: string, options: TestIOOptions = {}): { io: CommandIO; out: TestTerminal } {
  const terminal = new TestTerminal({ tty: false, columns: 80, storeDir: join(home, 'mle-prep'), cwd: home, ...options });
  return { io: terminal.io, out: terminal };
}
