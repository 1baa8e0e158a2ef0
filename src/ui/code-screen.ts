// The coding screen of a session: the user writes the exercise in their editor (or pastes it), the tests run and
// their results show, and this repeats until they submit or the countdown ends. The last run's tally is the grade.
import type { ChalkInstance } from 'chalk';
import type { CodeExercise, Question } from '../bank/types.js';
import type { PythonProbe, RunReport, RunRequest } from '../code/runner.js';
import type { AskOutcome, QuestionContext } from '../session/run.js';
import { formatRunReport } from '../format/code-report.js';
import { editorCommand, type EditOutcome } from './editor.js';
import { hanging } from '../format/wrap.js';
import type { ChoiceResult, Countdown, TextResult } from './timed-prompts.js';

/** What the screen needs from outside: the interpreter, the runner, the editor and the prompts, all injectable. */
export interface CodeScreenDeps {
  print(text: string): void;
  color: ChalkInstance;
  width: number;
  env: NodeJS.ProcessEnv;
  now: () => number;
  signal: AbortSignal;
  /** The interpreter and whether it has NumPy (looked for once, and awaited here). */
  probe(): PythonProbe | Promise<PythonProbe>;
  cannotRun(exercise: CodeExercise, probe: PythonProbe): string | undefined;
  run(request: RunRequest): Promise<RunReport>;
  edit(text: string, fileName: string): Promise<EditOutcome>;
  /** A single pick from a menu under the countdown. */
  choose(message: string, choices: string[], countdown: Countdown): Promise<ChoiceResult>;
  /** Free text under the countdown (pasted code). */
  paste(message: string, countdown: Countdown): Promise<TextResult>;
}

export type CodePort = Pick<CodeScreenDeps, 'probe' | 'cannotRun' | 'run'>;

/** The real interpreter check and runner, loaded once a session has an exercise; `ended` stops the check. */
export async function defaultCodePort(env: NodeJS.ProcessEnv, ended?: AbortSignal): Promise<CodePort> {
  const runner = await import('../code/runner.js');
  return { probe: () => runner.probePython(env, ended), cannotRun: runner.cannotRun, run: runner.runExercise };
}

type Action = 'edit' | 'paste' | 'submit';

/**
 * Runs the coding screen, or returns undefined (after saying why in one sentence) when the code cannot run here,
 * so the caller falls back to a typed, self-graded answer.
 */
export async function askCode(question: Question, context: QuestionContext, countdown: Countdown, deps: CodeScreenDeps): Promise<AskOutcome | undefined> {
  const exercise = question.code!;
  const c = deps.color;
  const view = { color: c, width: deps.width };
  const probe = await deps.probe();
  const why = deps.cannotRun(exercise, probe);
  if (why) {
    deps.print(`${hanging(c.yellow(why), 0, view)}\n`);
    return undefined;
  }
  const fileName = exercise.language === 'sql' ? 'query.sql' : 'solution.py';
  const language = exercise.language === 'sql' ? 'SQL (SQLite)' : 'Python';
  deps.print(
    hanging(
      c.dim(
        `A runnable ${language} exercise: write it in ${editorCommand(deps.env)} ($VISUAL or $EDITOR) or paste it; the tests run each time, and the share that pass is your score.`,
      ),
      0,
      view,
    ),
  );
  let code = exercise.stub;
  let tally: AskOutcome['tests'];
  let ranCode: string | undefined;
  const expired = () => context.deadline !== undefined && deps.now() >= context.deadline;
  const outcome = (timedOut: boolean): AskOutcome => ({ timedOut, text: code, ...(tally ? { tests: tally } : {}) });
  const runTests = async () => {
    deps.print(c.dim('Running the tests…'));
    const report = await deps.run({ exercise, code, python: probe.python!, env: deps.env, signal: deps.signal });
    ranCode = code;
    tally = { passed: report.passed, total: report.total };
    deps.print(`${formatRunReport(report, exercise, view)}\n`);
  };
  for (;;) {
    if (expired()) return outcome(true);
    const actions: Array<[Action, string]> = [
      ['edit', `${ranCode === undefined ? 'Write it' : 'Edit it'} in ${editorCommand(deps.env)}, then run the tests`],
      ['paste', 'Paste code here, then run the tests'],
      ['submit', tally && ranCode === code ? `Submit (${tally.passed}/${tally.total} tests passed)` : 'Run the tests and submit'],
    ];
    const picked = await deps.choose(
      'Your code',
      actions.map(([, label]) => label),
      countdown,
    );
    if (picked.timedOut) return outcome(true);
    const action = actions[picked.picked[0] ?? 0]![0];
    if (action === 'submit') {
      // The grade is for the code as submitted: a change since the last run is run first.
      if (ranCode !== code && !expired()) await runTests();
      return outcome(expired());
    }
    if (action === 'edit') {
      const edited = await deps.edit(code, fileName);
      if (!edited.ok) {
        deps.print(hanging(c.red(edited.reason), 0, view));
        continue;
      }
      code = edited.text;
    } else {
      const pasted = await deps.paste('Paste your code and press Enter', countdown);
      if (pasted.timedOut) {
        if (pasted.text.trim()) code = pasted.text;
        return outcome(true);
      }
      if (!pasted.text.trim()) continue;
      code = pasted.text;
    }
    if (expired()) return outcome(true);
    await runTests();
  }
}
