// Drives the built CLI in a real pseudo-terminal, reading the screen as plain text.
import { type IPty, spawn } from '@lydell/node-pty';
import stripAnsi from 'strip-ansi';
import { BIN, cliEnv, REPO } from './cli.js';
import { waitForText } from './wait-for-text.js';

export class Terminal {
  private output = '';
  private exited: Promise<number>;
  /** waitFor calls waiting for the next output. */
  private readonly waiting = new Set<() => void>();
  readonly pty: IPty;

  constructor(args: string[], configHome: string, env: Record<string, string> = {}, cols = 100, bin = BIN) {
    this.pty = spawn(process.execPath, [bin, ...args], {
      cols,
      rows: 40,
      cwd: REPO,
      env: cliEnv(configHome, { TERM: 'xterm-256color', ...env }) as Record<string, string>,
    });
    this.pty.onData((data) => {
      this.output += data;
      for (const wake of [...this.waiting]) wake();
    });
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything printed so far, escape sequences included. */
  get raw(): string {
    return this.output;
  }

  /** Everything printed so far, without escape sequences. */
  get text(): string {
    return stripAnsi(this.output).replace(/\r/g, '');
  }

  /**
   * Resolves when `pattern` appears after `from` characters of output (so earlier screens do not match), looking
   * again whenever the CLI prints; fails with the screen after `timeoutMs`.
   */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000, from = 0): Promise<number> {
    return waitForText(
      () => this.text,
      pattern,
      from,
      timeoutMs,
      this.waiting,
      () => `timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-3000)}`,
    );
  }

  /**
   * Types keys; special keys: '\r' Enter, ' ' Space, '\u001b[B' Down, '\u0003' Ctrl-C. Keys reach the CLI in order
   * but are not waited on: waitFor the prompt that should read them before typing.
   */
  async type(keys: string): Promise<void> {
    this.pty.write(keys);
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<number>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no exit; screen:\n${this.text.slice(-2000)}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const ENTER = '\r';

/**
 * Answers the question on screen after `from`: a choice question with `choice`, an open one by typing `text` and
 * ticking the first `tick` key points. Resolves at the score line.
 */
export async function answerQuestion(term: Terminal, from: number, answer: { choice?: string; text?: string; tick?: number } = {}): Promise<number> {
  const at = await term.waitFor(/\? Your answer/, 15_000, from);
  // The current question's own header line says whether it is multiple choice.
  const header = term.text.lastIndexOf('── Question', at);
  if (term.text.slice(header, at).includes('multiple choice')) {
    await term.type(answer.choice ?? 'b');
    await term.type(ENTER);
  } else {
    await term.type(answer.text ?? 'x');
    await term.type(ENTER);
    await term.waitFor('Which key points did your answer cover?', 15_000, at);
    for (let i = 0; i < (answer.tick ?? 0); i++) await term.type(i === 0 ? ' ' : '\u001b[B ');
    await term.type(ENTER);
  }
  return term.waitFor(/Score \d+%/, 15_000, at);
}

/** Answers every question of a session the same way, until its summary. */
export async function answerAll(term: Terminal, answer: { choice?: string; text?: string; tick?: number } = {}): Promise<void> {
  let at = 0;
  for (;;) {
    at = await term.waitFor(/\? Your answer|Summary/, 15_000, at);
    if (term.text.slice(at).startsWith('Summary')) return;
    at = await answerQuestion(term, at, answer);
    const next = await term.waitFor(/Press Enter for the (next question|summary)|Summary/, 15_000, at);
    if (term.text.slice(next).startsWith('Press Enter')) await term.type(ENTER);
    at = next;
  }
}
