// Declares the commands and nothing else: each action imports its command module only when it runs, so
// `--help` and `--version` load commander alone. Building the program has no side effects, so tests can list its
// commands and read their help in-process; src/cli.ts runs it and is the one error boundary that sets exit codes.
import { Argument, Command, InvalidArgumentError, Option } from 'commander';

declare const MLE_PREP_VERSION: string;

/** The package version, set by the build ("source" when the TypeScript is run as is, as in the tests). */
const VERSION = typeof MLE_PREP_VERSION === 'string' ? MLE_PREP_VERSION : 'source';

const DIFFICULTY_LEVELS = ['beginner', 'intermediate', 'advanced'];

function positiveInteger(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `${name} must be a whole number, 1 or more.` : `${name} must be a whole number from 1 to ${max}.`,
      );
    }
    return n;
  };
}

function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number.`);
    return n;
  };
}

/** Variadic options also accept comma-separated values: `--topic mlops,serving`. */
function list(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...items];
}

function setExit(code: number) {
  process.exitCode = code;
}

const userOption = () => new Option('--user <name>', 'profile to use (default: $MLE_PREP_USER, else your OS user name)');
const bankOption = () => new Option('--bank <dir...>', 'add your own question folders to the bundled bank').argParser(list);
const noBundledOption = () => new Option('--no-bundled', 'leave out the bundled questions (use only --bank folders)');
const topicOption = () => new Option('--topic <id...>', 'only these topics (see `mle-prep list`)').argParser(list);
const noAiOption = () => new Option('--no-ai', 'leave the configured model out of this run (offline suggestions only)');

function selectionOptions(command: Command): Command {
  return command
    .addOption(topicOption())
    .addOption(new Option('--difficulty <level...>', `only these levels: ${DIFFICULTY_LEVELS.join(', ')}`).argParser(list))
    .addOption(new Option('--tag <tag...>', 'only questions with one of these tags').argParser(list))
    .addOption(new Option('--type <type>', 'only open or only multiple-choice questions').choices(['open', 'choice']))
    .addOption(bankOption())
    .addOption(noBundledOption());
}

const EXAMPLES: Array<[command: string, what: string]> = [
  ['mle-prep quiz --topic mlops', 'a timed 10-question MLOps quiz'],
  ['mle-prep quiz --difficulty advanced --count 5 --seed 7', ''],
  ['mle-prep list', 'topics and question counts'],
  ['mle-prep validate my-bank/', 'check your own question files'],
];

/** The examples beside their descriptions, or under them when the terminal is too narrow for that. */
function examplesHelp(width: number): string {
  const column = 46;
  const side = column + Math.max(...EXAMPLES.map(([, what]) => what.length)) <= width;
  const lines = EXAMPLES.map(([command, what]) =>
    !what ? `  $ ${command}` : side ? `  ${`$ ${command}`.padEnd(column - 2)}${what}` : `  $ ${command}\n      ${what}`,
  );
  const exits = ['Exit codes: 0 success, 1 failure, 2 usage error,', '130 interrupted.'];
  return `\nExamples:\n${lines.join('\n')}\n\n${exits.join(exits.join(' ').length <= width ? ' ' : '\n')}`;
}

/**
 * Commander's messages in the form every other error takes: "mle-prep: <one sentence>" that names the option and
 * the value ("--type must be one of open, choice (got "mcq").").
 */
export function commanderMessage(text: string): string {
  return text
    .replace(
      /^error: option '(-\S+, )?(--[\w-]+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/m,
      (_, _short, name: string, value: string, allowed: string) => `mle-prep: ${name} must be one of ${allowed} (got "${value}").`,
    )
    .replace(
      /^error: command-argument value '([^']*)' is invalid for argument '([\w-]+)'\. Allowed choices are (.*)\.$/m,
      (_, value: string, name: string, allowed: string) => `mle-prep: <${name}> must be one of ${allowed} (got "${value}").`,
    )
    .replace(/^error: option '[^']+' argument '[^']*' is invalid\. /, 'mle-prep: ')
    .replace(/^error: /, 'mle-prep: ');
}

/** Every command, in the order help lists them (a test checks it against the program). */
export const COMMAND_NAMES: readonly string[] = [
  'quiz',
  'review',
  'mock',
  'plan',
  'config',
  'note',
  'list',
  'show',
  'grade',
  'code',
  'ai',
  'history',
  'stats',
  'export',
  'import',
  'users',
  'reset',
  'validate',
];

/**
 * The program; with `only`, the command line's first word, and that a command's name, the program declares that
 * command alone.
 */
export function buildProgram(only?: string): Command {
  // Only the command that runs, when it is named first: declaring the other eighteen costs its start-up for nothing.
  const named = only !== undefined && COMMAND_NAMES.includes(only);
  const want = (name: string) => !named || name === only;
  const program = new Command('mle-prep')
    .description('Practise for machine-learning-engineer interviews in your terminal: timed quizzes, model answers, progress.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's errors in the form every other error takes: "mle-prep: <one sentence>".
    .configureOutput({
      outputError: (text, write) => write(commanderMessage(text)),
    })
    .configureHelp({ sortSubcommands: false, minWidthToWrap: 24 })
    .addHelpText('after', ({ command, error }) => {
      // Help goes to stderr (and takes its width) when no command was given.
      const output = command.configureOutput();
      return examplesHelp((error ? output.getErrHelpWidth : output.getOutHelpWidth)?.() ?? 80);
    });

  if (want('quiz'))
    selectionOptions(
      program
        .command('quiz')
        .description('start a timed quiz')
        .addOption(new Option('-n, --count <n>', 'number of questions').argParser(positiveInteger('--count', 500)).default(10))
        .addOption(
          new Option('--time <seconds>', "seconds per question (default: the question's own time, else by difficulty)").argParser(
            positiveInteger('--time', 7200),
          ),
        )
        .option('--no-timer', 'no countdown')
        .option('--cram', 'practise without changing your review schedule (the night before)')
        .option('--weak', 'your most-missed questions and weakest topics first')
        .option('--flagged', 'only the questions you flagged (f after an answer)')
        .addOption(new Option('--seed <n>', 'same seed, same questions in the same order').argParser(nonNegativeInteger('--seed'))),
    )
      .addOption(noAiOption())
      .addOption(userOption())
      .action(async (options) => {
        const { runQuiz, processIO } = await import('./commands/quiz.js');
        setExit(await runQuiz(options, processIO()));
      });

  if (want('review'))
    program
      .command('review')
      .description('spaced repetition: the questions due today, most overdue first, then new ones')
      .addOption(new Option('--limit <n>', 'at most n questions this session (default 20)').argParser(positiveInteger('--limit', 500)))
      .addOption(
        new Option('--new <n>', 'ask n new questions now, beyond the daily limit (default: what is left of your new-per-day, else 10)').argParser(
          nonNegativeInteger('--new'),
        ),
      )
      .addOption(topicOption())
      .option('--no-timer', 'no countdown')
      .addOption(noAiOption())
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runReview, processIO } = await import('./commands/review.js');
        setExit(await runReview(options, processIO()));
      });

  if (want('mock'))
    program
      .command('mock')
      .description('a timed mock interview shaped like an MLE loop, with interviewer feedback')
      .addOption(new Option('--minutes <n>', 'length of the whole interview').argParser(positiveInteger('--minutes', 240)).default(45))
      .addOption(new Option('--seed <n>', 'same seed, same questions').argParser(nonNegativeInteger('--seed')))
      .option('--mix <spec>', 'questions per slot, as topic[|topic][#tag]:count,... (see README)')
      .addOption(noAiOption())
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runMock, processIO } = await import('./commands/mock.js');
        setExit(await runMock(options, processIO()));
      });

  if (want('plan'))
    program
      .command('plan')
      .description('a day-by-day study plan to your interview date; `plan` alone shows it')
      .option('--interview <date>', 'the interview day, YYYY-MM-DD (kept in your profile)')
      .addOption(new Option('--minutes-per-day <n>', 'minutes of study a day (default 30)').argParser(positiveInteger('--minutes-per-day', 1440)))
      .addOption(new Option('--focus <id...>', 'plan only these topics').argParser(list))
      .option('--clear', 'remove the interview date')
      .option('--json', 'the plan as data')
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runPlan, processIO } = await import('./commands/plan.js');
        setExit(await runPlan(options, processIO()));
      });

  if (want('config'))
    program
      .command('config')
      .description('show or change settings of a profile (new-per-day, retention, ai.url, ai.model, ai.timeout)')
      .argument('[key]', 'a setting: new-per-day, retention, ai.url, ai.model or ai.timeout')
      .argument('[value]', 'its new value')
      .addOption(userOption())
      .action(async (key: string | undefined, value: string | undefined, options) => {
        const { runConfig, processIO } = await import('./commands/config.js');
        setExit(await runConfig(key, value, options, processIO()));
      });

  if (want('note'))
    program
      .command('note')
      .description('show or set your note on a question, or flag it; `note` alone lists notes and flags')
      .argument('[id]', 'question id (see `mle-prep list --ids`)')
      .argument('[text...]', 'the note (at most 500 characters)')
      .option('--clear', 'remove the note')
      .option('--flag', 'flag the question (for `quiz --flagged`)')
      .option('--unflag', 'remove the flag')
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (id: string | undefined, text: string[], options) => {
        const { runNote, processIO } = await import('./commands/note.js');
        setExit(await runNote(id, text, options, processIO()));
      });

  if (want('list'))
    program
      .command('list')
      .description('topics with question counts by difficulty')
      .option('--json', 'machine-readable output')
      .option('--ids', 'list question ids instead of counts')
      .addOption(topicOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runList, processIO } = await import('./commands/list.js');
        setExit(await runList(options, processIO()));
      });

  if (want('show'))
    program
      .command('show')
      .description('print one question with its model answer')
      .argument('<id>', 'question id (see `mle-prep list --ids`)')
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (id: string, options) => {
        const { runShow, processIO } = await import('./commands/show.js');
        setExit(await runShow(id, options, processIO()));
      });

  if (want('grade'))
    program
      .command('grade')
      .description('suggest which key points an answer covers, with the sentence that shows each (saves nothing)')
      .argument('<id>', 'question id (see `mle-prep list --ids`)')
      .option('--answer-file <file>', 'the answer to grade (- reads stdin)')
      .option('--json', 'machine-readable output')
      .addOption(noAiOption())
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (id: string, options) => {
        const { runGrade, processIO } = await import('./commands/grade.js');
        setExit(await runGrade(id, options, processIO()));
      });

  if (want('code'))
    program
      .command('code')
      .description("write a coding exercise's stub to a file, or run your solution against its tests")
      .argument('<id>', 'exercise id (the open questions of `mle-prep list --topic coding --ids`)')
      .option('--file <path>', 'run this solution file against the tests (exit 0 when all pass, 1 when any fails)')
      .option('--json', 'with --file: print the test results as JSON')
      .option('--stdout', 'print the stub instead of writing <id>.py or <id>.sql')
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (id: string, options) => {
        const { runCode, processIO } = await import('./commands/code.js');
        setExit(await runCode(id, options, processIO()));
      });

  if (want('ai'))
    program
      .command('ai')
      .description('the optional model (see `config ai.url`): `ai check` sends it one tiny request')
      .addArgument(new Argument('<action>', 'check: report the model, the latency and whether structured output works').choices(['check']))
      .addOption(userOption())
      .action(async (_action: string, options) => {
        const { runAiCheck, processIO } = await import('./commands/ai.js');
        setExit(await runAiCheck(options, processIO()));
      });

  if (want('history'))
    program
      .command('history')
      .description('past sessions, newest first')
      .option('--json', 'machine-readable output (the full session records; all of them unless --limit)')
      .addOption(new Option('--limit <n>', 'show at most n sessions (default 20)').argParser(positiveInteger('--limit')))
      .addOption(new Option('--skip <n>', 'start after the n newest sessions (to page back)').argParser(nonNegativeInteger('--skip')))
      .option('--all', 'show every session')
      .addOption(userOption())
      .action(async (options) => {
        const { runHistory, processIO } = await import('./commands/history.js');
        setExit(await runHistory(options, processIO()));
      });

  if (want('stats'))
    program
      .command('stats')
      .description('your progress: scores by topic and difficulty, trend, streak, weak spots')
      .addOption(userOption())
      .addOption(topicOption())
      .option('--since <date>', 'only sessions since a date (YYYY-MM-DD) or a span (7d, 2w)')
      .option('--json', 'machine-readable output')
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runStats, processIO } = await import('./commands/stats.js');
        setExit(await runStats(options, processIO()));
      });

  if (want('export'))
    program
      .command('export')
      .description('a results report: Markdown, JSON, CSV or a self-contained HTML page')
      .addOption(new Option('--format <format>', 'output format').choices(['md', 'json', 'csv', 'html']).default('md'))
      .option('-o, --output <file>', 'write to a file (html defaults to mle-prep-report-<date>.html)')
      .option('--last', 'the most recent session (the default)')
      .option('--session <id>', 'one session, by id or a unique prefix of it (see `mle-prep history`)')
      .option('--all', 'every session')
      .option('--force', 'overwrite an existing output file')
      .addOption(userOption())
      .addOption(bankOption())
      .addOption(noBundledOption())
      .action(async (options) => {
        const { runExport, processIO } = await import('./commands/export.js');
        setExit(await runExport(options, processIO()));
      });

  if (want('import'))
    program
      .command('import')
      .description('add the sessions of a JSON export to a profile (skips ones already there)')
      .argument('<file>', 'a file written by `mle-prep export --format json`')
      .addOption(userOption())
      .action(async (file: string, options) => {
        const { runImport, processIO } = await import('./commands/import.js');
        setExit(await runImport(file, options, processIO()));
      });

  if (want('users'))
    program
      .command('users')
      .description('the profiles on this machine and their session counts')
      .option('--json', 'machine-readable output')
      .action(async (options) => {
        const { runUsers, processIO } = await import('./commands/users.js');
        setExit(await runUsers(options, processIO()));
      });

  if (want('reset'))
    program
      .command('reset')
      .description("delete one profile's data (asks first; --yes for scripts)")
      .addOption(new Option('--user <name>', 'the profile to delete (required)'))
      .option('-y, --yes', 'do not ask for confirmation')
      .action(async (options) => {
        const { runReset, processIO } = await import('./commands/users.js');
        setExit(await runReset(options, processIO()));
      });

  if (want('validate'))
    program
      .command('validate')
      .description('check question files: every problem with file, line and column')
      .argument('[paths...]', 'files or folders (default: ./questions, else the current folder)')
      .option('--bundled', 'check the bank that ships with mle-prep')
      .addOption(new Option('--format <format>', 'output format (default: github under GitHub Actions, else stylish)').choices(['stylish', 'json', 'github']))
      .option('--strict', 'treat warnings as errors')
      .option('--quiet', 'report errors only')
      .option('--run-solutions', "also run each exercise's reference solution and stub against its tests (executes the files' code)")
      .addOption(new Option('--ignore <glob...>', 'skip files matching these patterns (as in .mle-prepignore)').argParser(list))
      .action(async (paths: string[], options) => {
        const { runValidate, processIO } = await import('./commands/validate.js');
        setExit(await runValidate(paths, options, processIO()));
      });

  return program;
}
