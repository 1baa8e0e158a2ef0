// The terminal face of a session: prints each question, runs the timed prompts, shows the model answer and asks
// for the self-grade. The one place a quiz touches @inquirer.
import { AbortPromptError, ExitPromptError } from '@inquirer/core';
import checkbox from '@inquirer/checkbox';
import type { Question } from '../bank/types.js';
import type { CommandIO } from '../io.js';
import { SessionInterrupted, type AskOutcome, type QuestionContext, type SessionUI } from '../session/run.js';
import { formatClock } from '../session/timing.js';
import type { ResultRecord } from '../session/types.js';
import { formatChoices, formatKeyPoints, formatModelAnswer, formatPrompt, formatQuestionMeta } from './question-view.js';
import { hanging, indentedBlock } from './wrap.js';
import { safeText } from './terminal-text.js';
import { pressEnter, timedChoice, timedText, type Countdown } from './timed-prompts.js';
import { askCode, defaultCodePort, type CodeScreenDeps } from './code-screen.js';
import { editText } from './editor.js';

export interface TerminalSessionOptions {
  now?: () => number;
  /** Runnable exercises: the interpreter check and the runner (the real ones unless a test passes its own). */
  code?: Pick<CodeScreenDeps, 'probe' | 'cannotRun' | 'run'>;
}

export class TerminalSessionUI implements SessionUI {
  private readonly now: () => number;
  private readonly code: TerminalSessionOptions['code'];
  private codePort: TerminalSessionOptions['code'];

  constructor(
    private readonly io: CommandIO,
    private readonly signal: AbortSignal,
    options: TerminalSessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.code = options.code;
  }

  private get view() {
    return { color: this.io.stdout.color, width: this.io.stdout.columns };
  }

  private print(text: string) {
    this.io.stdout.write(`${text}\n`);
  }

  /** Runs a prompt; Ctrl-C (or SIGINT between prompts) becomes SessionInterrupted. */
  private async prompt<T>(run: (context: { signal: AbortSignal; clearPromptOnDone?: boolean }) => Promise<T>, clear = false): Promise<T> {
    if (this.signal.aborted) throw new SessionInterrupted();
    try {
      return await run({ signal: this.signal, clearPromptOnDone: clear });
    } catch (error) {
      if (error instanceof ExitPromptError || error instanceof AbortPromptError) throw new SessionInterrupted();
      throw error;
    }
  }

  private header(title: string, question: Question, suffix = '') {
    const c = this.view.color;
    const rule = c.dim('─'.repeat(Math.max(0, Math.min(this.view.width, 100) - title.length - 4)));
    this.print(`\n${c.bold(`── ${title}`)} ${rule}`);
    this.print(`${hanging(`${formatQuestionMeta(question, this.view)}${suffix}`, 2, this.view)}\n`);
    this.print(formatPrompt(question, this.view));
    this.print('');
  }

  async ask(question: Question, context: QuestionContext): Promise<AskOutcome> {
    const c = this.view.color;
    const what = context.budgetEnd !== undefined ? 'budget' : 'to answer';
    const limit = context.limitSeconds !== undefined ? c.dim(` · ${formatClock(context.limitSeconds)} ${what}`) : '';
    this.header(`Question ${context.index + 1} of ${context.total}`, question, limit);
    const countdown = {
      now: this.now,
      ...(context.deadline !== undefined ? { deadline: context.deadline } : {}),
      ...(context.sessionDeadline !== undefined ? { sessionDeadline: context.sessionDeadline } : {}),
      ...(context.budgetEnd !== undefined ? { budgetEnd: context.budgetEnd } : {}),
    };
    if (question.type === 'choice') {
      const multiple = question.choices.filter((ch) => ch.correct).length > 1;
      const result = await this.prompt((ctx) =>
        timedChoice(
          { message: multiple ? 'Your answers' : 'Your answer', choices: question.choices.map((ch) => ch.text), multiple, color: c, width: this.view.width, ...countdown },
          ctx,
        ),
      );
      return { timedOut: result.timedOut, picked: result.picked };
    }
    if (question.code) {
      const outcome = await this.askCode(question, context, countdown);
      if (outcome) return outcome;
    }
    // Bracketed paste: the terminal marks pasted text, so a pasted multi-line answer (code) is not cut at its
    // first line break. Written straight to the terminal: it is a mode switch, not output.
    const paste = this.io.stdout.isTTY ? (on: boolean) => process.stdout.write(on ? '\u001b[?2004h' : '\u001b[?2004l') : () => undefined;
    paste(true);
    const result = await this.prompt((ctx) =>
      timedText(
        {
          message: 'Your answer',
          color: c,
          width: this.view.width,
          hint:
            context.sessionDeadline !== undefined
              ? 'Type your answer and press Enter to move on.'
              : 'Type your answer and press Enter (Enter alone to see the model answer).',
          ...countdown,
        },
        ctx,
      ),
    ).finally(() => paste(false));
    return { timedOut: result.timedOut, text: result.text };
  }

  /** Bracketed paste: the terminal marks pasted text, so pasted code is not cut at its first line break. */
  private bracketedPaste(on: boolean) {
    if (this.io.stdout.isTTY) process.stdout.write(on ? '\u001b[?2004h' : '\u001b[?2004l');
  }

  /** The coding screen (see code-screen.ts), or undefined when the code cannot run here. */
  private async askCode(question: Question, context: QuestionContext, countdown: Countdown): Promise<AskOutcome | undefined> {
    const c = this.view.color;
    if (!this.codePort) {
      const port = this.code ?? (await defaultCodePort(this.io.env));
      // The interpreter is looked for once per session, at the first exercise.
      let probed: ReturnType<CodeScreenDeps['probe']> | undefined;
      this.codePort = { ...port, probe: () => (probed ??= port.probe()) };
    }
    const port = this.codePort;
    return askCode(question, context, countdown, {
      print: (text) => this.print(text),
      color: c,
      width: this.view.width,
      env: this.io.env,
      now: this.now,
      signal: this.signal,
      probe: port.probe,
      cannotRun: port.cannotRun,
      run: port.run,
      edit: async (text, fileName) => {
        if (this.signal.aborted) throw new SessionInterrupted();
        const edited = await editText(text, { env: this.io.env, fileName });
        if (this.signal.aborted) throw new SessionInterrupted();
        return edited;
      },
      choose: (message, choices, clock) =>
        this.prompt((ctx) => timedChoice({ message, choices, multiple: false, color: c, width: this.view.width, ...clock }, ctx)),
      paste: (message, clock) => {
        this.bracketedPaste(true);
        return this.prompt((ctx) => timedText({ message, color: c, width: this.view.width, ...clock }, ctx)).finally(() => this.bracketedPaste(false));
      },
    });
  }

  async beforeReview(): Promise<void> {
    const c = this.view.color;
    this.print(`\n${hanging(`${c.bold.underline('The interview is over.')} Now go through your answers, read the model answers and tick what you covered.`, 0, this.view)}`);
  }

  async reveal(question: Question, outcome: AskOutcome, context: QuestionContext): Promise<void> {
    const c = this.view.color;
    if (context.reviewing) {
      this.header(`Review ${context.index + 1} of ${context.total}`, question);
      if (question.type === 'open') {
        const text = outcome.text?.trim() ? indentedBlock(safeText(outcome.text).replace(/^\n+|\s+$/g, ''), 2, this.view) : `  ${c.dim('(no answer)')}`;
        this.print(`${c.bold('Your answer')}${outcome.timedOut ? c.red(' (time ran out)') : ''}\n${text}`);
      }
    } else if (outcome.timedOut) {
      const limit = context.limitSeconds !== undefined ? ` (${formatClock(context.limitSeconds)})` : '';
      const why = context.sessionDeadline !== undefined && context.deadline === context.sessionDeadline ? 'The interview time is up' : 'Time is up';
      this.print(`\n${c.red.bold(`⏰ ${why}${limit}.`)}`);
    }
    this.print('');
    if (question.type === 'choice') {
      this.print(formatChoices(question, this.view, new Set(outcome.picked ?? [])));
      this.print('');
    }
    this.print(formatModelAnswer(question, this.view));
    this.print('');
  }

  async tickKeyPoints(question: Question): Promise<number[]> {
    // A long key point wraps under its own text, past the cursor and the box ("❯◯ "), not under the box.
    const choices = question.keyPoints.map((point, index) => ({ name: hanging(safeText(point), 3, this.view), short: safeText(point), value: index }));
    const lines = choices.reduce((sum, choice) => sum + choice.name.split('\n').length, 0);
    return this.prompt((ctx) =>
      checkbox(
        {
          message: 'Which key points did your answer cover?',
          choices,
          pageSize: Math.max(lines, 3),
          loop: false,
        },
        ctx,
      ),
      true,
    );
  }

  async afterResult(question: Question, result: ResultRecord, context: QuestionContext): Promise<void> {
    const c = this.view.color;
    const pct = Math.round(result.score * 100);
    const paint = result.score >= 0.8 ? c.green : result.score >= 0.5 ? c.yellow : c.red;
    const detail =
      result.testsTotal !== undefined
        ? `${result.testsPassed ?? 0}/${result.testsTotal} tests passed`
        : question.type === 'open'
        ? `${result.keyPointsCovered?.length ?? 0}/${question.keyPoints.length} key points`
        : result.score === 1
          ? 'correct'
          : result.score > 0
            ? 'partly correct'
            : 'incorrect';
    const status = result.timedOut ? 'timed out' : detail;
    this.print(`${paint.bold(`Score ${pct}%`)} ${c.dim(`· ${status} · ${formatClock(result.timeSeconds)} used`)}`);
    if (question.type === 'open' && !result.timedOut && question.keyPoints.length > 0) {
      // Code graded by its tests has no ticks: the key points are there to read.
      this.print(formatKeyPoints(question, this.view, result.testsTotal !== undefined ? undefined : new Set(result.keyPointsCovered)));
    }
    if (context.index + 1 < context.total) {
      const next = context.reviewing ? 'Press Enter for the next answer' : 'Press Enter for the next question';
      await this.prompt((ctx) => pressEnter({ message: `${next} (Ctrl-C to stop and save).`, color: c }, ctx), true);
    }
  }
}
