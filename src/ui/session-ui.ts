// The terminal face of a session: prints each question, runs the timed prompts, shows the model answer and asks
// for the self-grade. The one place a quiz touches @inquirer.
import { AbortPromptError, ExitPromptError } from '@inquirer/core';
import type { Question } from '../bank/types.js';
import type { CommandIO } from '../io.js';
import { NOTE_MAX_LENGTH, type Annotations } from '../store/settings.js';
import { SessionInterrupted, type AskOutcome, type QuestionContext, type SessionUI } from '../session/run.js';
import { formatClock } from '../session/timing.js';
import type { ResultRecord } from '../session/types.js';
import { editorCommand, editText } from './editor.js';
import { gradeChecklist } from './grade-prompt.js';
import { formatResultLine } from '../format/score-line.js';
import {
  formatChoices,
  formatKeyPoints,
  formatLastTime,
  formatModelAnswer,
  formatNote,
  formatPrompt,
  formatQuestionMeta,
  inlineCode,
} from '../format/question-view.js';
import { formatModelFeedback } from '../format/model-feedback.js';
import { hanging, indentedBlock } from '../format/wrap.js';
import { safeText } from '../format/terminal-text.js';
import { pauseForNext, timedChoice, timedText, type Countdown } from './timed-prompts.js';
import { askCode, defaultCodePort, type CodePort, type CodeScreenDeps } from './code-screen.js';

export interface TerminalSessionOptions {
  /** The profile's notes and flags: shown beside model answers, changed with the f and n keys. */
  annotations?: Annotations;
  /** Runnable exercises: the interpreter check and the runner (the real ones unless a test passes its own). */
  code?: Pick<CodeScreenDeps, 'probe' | 'cannotRun' | 'run'>;
  /** The configured model's name, when one is asked for verdicts, feedback or follow-ups. */
  model?: string;
  /** A question's Markdown already lexed (built with the package), when the bank has it. */
  lexed?: ((question: Question) => ReadonlyMap<string, unknown[]> | undefined) | undefined;
}

export class TerminalSessionUI implements SessionUI {
  private readonly now: () => number;
  readonly annotations: Annotations;
  /** Question ids whose note or flag changed in this session, to be saved with it. */
  readonly annotated = new Set<string>();
  private readonly code: TerminalSessionOptions['code'];
  /** The runner and the interpreter check, once a session has an exercise (see prepare). */
  private codePort: Promise<CodePort> | undefined;
  /** Aborted by close(), when the session is over. */
  private readonly ended = new AbortController();
  private readonly model: string | undefined;
  private readonly lexed: TerminalSessionOptions['lexed'];
  /** The last question's lexed Markdown: its prompt is shown first, its model answer later. */
  private lexedLast: { id: string; markdown: ReadonlyMap<string, unknown[]> | undefined } | undefined;

  constructor(
    private readonly io: CommandIO,
    private readonly signal: AbortSignal,
    options: TerminalSessionOptions = {},
  ) {
    this.now = io.clock.now;
    this.annotations = options.annotations ?? { notes: new Map(), flagged: new Set() };
    this.code = options.code;
    this.model = options.model;
    this.lexed = options.lexed;
  }

  private get view() {
    return { color: this.io.stdout.color, width: this.io.stdout.columns };
  }

  /** The view for a question's own Markdown. */
  private viewOf(question: Question) {
    if (this.lexedLast?.id !== question.id) this.lexedLast = { id: question.id, markdown: this.lexed?.(question) };
    return { ...this.view, lexed: this.lexedLast.markdown };
  }

  private print(text: string) {
    this.io.stdout.write(`${text}\n`);
  }

  /** Runs a prompt; Ctrl-C (or SIGINT between prompts) becomes SessionInterrupted. */
  private async prompt<T>(
    run: (context: { signal: AbortSignal; clearPromptOnDone?: boolean; input: NodeJS.ReadableStream; output: NodeJS.WritableStream }) => Promise<T>,
    clear = false,
  ): Promise<T> {
    if (this.signal.aborted) throw new SessionInterrupted();
    try {
      return await run({ signal: this.signal, clearPromptOnDone: clear, input: this.io.stdin.stream, output: this.io.terminal });
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
    this.print(formatPrompt(question, this.viewOf(question)));
    this.print('');
  }

  async ask(question: Question, context: QuestionContext): Promise<AskOutcome> {
    const c = this.view.color;
    const what = context.budgetEnd !== undefined ? 'budget' : 'to answer';
    const limit = context.limitSeconds !== undefined ? c.dim(` · ${formatClock(context.limitSeconds)} ${what}`) : '';
    this.header(`Question ${context.index + 1} of ${context.total}`, question, limit);
    const countdown = {
      now: this.now,
      timers: this.io.clock,
      ...(context.deadline !== undefined ? { deadline: context.deadline } : {}),
      ...(context.sessionDeadline !== undefined ? { sessionDeadline: context.sessionDeadline } : {}),
      ...(context.budgetEnd !== undefined ? { budgetEnd: context.budgetEnd } : {}),
    };
    if (question.type === 'choice') {
      const multiple = question.choices.filter((ch) => ch.correct).length > 1;
      // Shown in the session's order for this question; picks go back as the question's own indices.
      const order = context.choiceOrder ?? question.choices.map((_, i) => i);
      const result = await this.prompt((ctx) =>
        timedChoice(
          {
            message: multiple ? 'Your answers' : 'Your answer',
            choices: order.map((i) => inlineCode(question.choices[i]!.text, c)),
            multiple,
            color: c,
            width: this.view.width,
            ...countdown,
          },
          ctx,
        ),
      );
      return { timedOut: result.timedOut, picked: result.picked.map((shown) => order[shown]!) };
    }
    if (question.code) {
      const outcome = await this.askCode(question, context, countdown);
      if (outcome) return outcome;
    }
    // Bracketed paste: the terminal marks pasted text, so a pasted multi-line answer (code) is not cut at its
    // first line break. Written straight to the terminal: it is a mode switch, not output.
    const paste = this.io.stdout.isTTY ? (on: boolean) => this.io.terminal.write(on ? '\u001b[?2004h' : '\u001b[?2004l') : () => undefined;
    let text = '';
    let hintsUsed = 0;
    for (;;) {
      paste(true);
      const result = await this.prompt((ctx) =>
        timedText(
          {
            message: 'Your answer',
            color: c,
            width: this.view.width,
            hint: context.sessionDeadline !== undefined ? 'Enter to move on' : 'Enter to submit (Enter alone shows the model answer)',
            initial: text,
            hints: question.hints,
            hintsShown: hintsUsed,
            ...countdown,
          },
          ctx,
        ),
      ).finally(() => paste(false));
      text = result.text;
      hintsUsed = result.hintsUsed;
      if (!result.edit) return { timedOut: result.timedOut, text, ...(hintsUsed ? { hintsUsed } : {}) };
      // The clock keeps running while the editor is open; the answer comes back when it closes.
      this.print(c.dim(`Opening ${editorCommand(this.io.env)}; the countdown keeps running.`));
      const edited = await editText(text, { env: this.io.env, input: this.io.stdin.stream, fileName: `${question.id}.md` });
      if (edited.ok) text = edited.text.replace(/\s+$/, '');
      else this.io.stderr.write(this.io.stderr.color.yellow(`mle-prep: ${edited.reason}. Your text so far is kept.\n`));
      if (context.deadline !== undefined && this.now() >= context.deadline) {
        this.print(`${c.red('⏰')} ${c.bold('Your answer')} ${c.dim('(from the editor)')}`);
        return { timedOut: true, text, ...(hintsUsed ? { hintsUsed } : {}) };
      }
    }
  }

  /** Bracketed paste: the terminal marks pasted text, so pasted code is not cut at its first line break. */
  private bracketedPaste(on: boolean) {
    if (this.io.stdout.isTTY) this.io.terminal.write(on ? '\u001b[?2004h' : '\u001b[?2004l');
  }

  /**
   * A session with a runnable exercise looks for the interpreter as it starts, in the background: Python's start
   * (behind a version manager's shim, a few hundred milliseconds) is hidden by the reading of the first question.
   */
  prepare(questions: readonly Question[]): void {
    // A failure here is met again, and told, when the exercise awaits the same check.
    if (questions.some((question) => question.code))
      this.codePortReady()
        .then((port) => port.probe())
        .catch(() => undefined);
  }

  /** The session is over: an interpreter check still running is stopped, so the command can exit at once. */
  close(): void {
    this.ended.abort();
  }

  /** The runner, loaded once; the interpreter is looked for once per session. */
  private codePortReady(): Promise<CodePort> {
    this.codePort ??= (async () => {
      const port = this.code ?? (await defaultCodePort(this.io.env, this.ended.signal));
      let probed: ReturnType<CodeScreenDeps['probe']> | undefined;
      return { ...port, probe: () => (probed ??= port.probe()) };
    })();
    return this.codePort;
  }

  /** The coding screen (see code-screen.ts), or undefined when the code cannot run here. */
  private async askCode(question: Question, context: QuestionContext, countdown: Countdown): Promise<AskOutcome | undefined> {
    const c = this.view.color;
    const port = await this.codePortReady();
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
        const edited = await editText(text, { env: this.io.env, input: this.io.stdin.stream, fileName });
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

  waiting(what: 'grading' | 'follow-up'): void {
    // Only a model takes long enough to say so (offline, a moment goes to reading the bank for the first answer).
    if (!this.model) return;
    const name = safeText(this.model);
    this.print(
      this.view.color.dim(what === 'grading' ? `Asking ${name} which key points your answer covers…` : `The interviewer (${name}) is thinking of a follow-up…`),
    );
  }

  async askFollowUp(_question: Question, followUp: string, context: QuestionContext): Promise<AskOutcome> {
    const c = this.view.color;
    this.print(`\n${hanging(`${c.bold('Follow-up:')} ${safeText(followUp)}`, 2, this.view)}\n`);
    const result = await this.prompt((ctx) =>
      timedText(
        {
          message: 'Your answer',
          color: c,
          width: this.view.width,
          hint: 'Enter to move on',
          now: this.now,
          timers: this.io.clock,
          ...(context.deadline !== undefined ? { deadline: context.deadline } : {}),
          ...(context.sessionDeadline !== undefined ? { sessionDeadline: context.sessionDeadline } : {}),
          ...(context.budgetEnd !== undefined ? { budgetEnd: context.budgetEnd } : {}),
        },
        ctx,
      ),
    );
    return { timedOut: result.timedOut, text: result.text };
  }

  async beforeReview(): Promise<void> {
    const c = this.view.color;
    this.print(
      `\n${hanging(`${c.bold.underline('The interview is over.')} Now go through your answers, read the model answers and tick what you covered.`, 0, this.view)}`,
    );
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
      this.print(formatChoices(question, this.view, new Set(outcome.picked ?? []), context.choiceOrder));
      this.print('');
    }
    this.print(formatModelAnswer(question, this.viewOf(question)));
    const note = this.annotations.notes.get(question.id);
    if (note) this.print(`\n${formatNote(note, this.view)}`);
    this.print('');
    if (context.lastTime) {
      this.print(formatLastTime(question, context.lastTime, this.view));
      this.print('');
    }
  }

  async tickKeyPoints(question: Question, context: QuestionContext, answer: string): Promise<number[]> {
    const suggested = new Map((context.suggestions ?? []).filter((s) => s.covered).map((s) => [s.index, s.evidence]));
    return this.prompt(
      (ctx) =>
        gradeChecklist(
          {
            message: 'Which key points did your answer cover?',
            color: this.view.color,
            width: this.view.width,
            rows: this.io.stdout.rows,
            answer,
            modelAnswer: formatModelAnswer(question, { ...this.viewOf(question), width: this.view.width - 2 }),
            keyPoints: question.keyPoints.map((text, i) => ({
              text,
              suggested: suggested.has(i),
              ...(suggested.get(i) ? { evidence: suggested.get(i)! } : {}),
            })),
            ...(this.model && context.suggestions?.some((s) => s.source === 'ai') ? { suggestedBy: this.model } : {}),
          },
          ctx,
        ),
      true,
    );
  }

  async afterResult(question: Question, result: ResultRecord, context: QuestionContext): Promise<void> {
    const c = this.view.color;
    this.print(formatResultLine(question, result, c));
    if (question.type === 'open' && !result.timedOut && question.keyPoints.length > 0) {
      // Code graded by its tests has no ticks: the key points are there to read.
      this.print(formatKeyPoints(question, this.view, result.testsTotal !== undefined ? undefined : new Set(result.keyPointsCovered)));
    }
    if (result.feedback) this.print(`\n${formatModelFeedback(result.feedback, this.model, this.view)}\n`);
    const last = context.index + 1 >= context.total;
    const next = last ? 'Press Enter for the summary' : context.reviewing ? 'Press Enter for the next answer' : 'Press Enter for the next question';
    await this.pause(question, next, last ? '' : ' · Ctrl-C stops and saves');
  }

  /** The pause after a result, where f flags the question and n adds or changes its note. */
  private async pause(question: Question, message: string, after: string): Promise<void> {
    const c = this.view.color;
    const { notes, flagged } = this.annotations;
    for (;;) {
      const action = await this.prompt(
        (ctx) =>
          pauseForNext(
            {
              message,
              after,
              color: c,
              width: this.view.width,
              flagged: flagged.has(question.id),
              hasNote: notes.has(question.id),
              onFlag: (on) => {
                if (on) flagged.add(question.id);
                else flagged.delete(question.id);
                this.annotated.add(question.id);
              },
            },
            ctx,
          ),
        true,
      );
      if (action === 'next') return;
      const { text } = await this.prompt((ctx) =>
        timedText(
          {
            message: 'Note',
            color: c,
            width: this.view.width,
            hint: `A short note on this question, shown beside its model answer (up to ${NOTE_MAX_LENGTH} characters). Enter alone keeps the note as it was.`,
            now: this.now,
            timers: this.io.clock,
          },
          ctx,
        ),
      );
      const clean = text.trim().slice(0, NOTE_MAX_LENGTH);
      if (clean) {
        notes.set(question.id, clean);
        this.annotated.add(question.id);
      }
    }
  }
}
