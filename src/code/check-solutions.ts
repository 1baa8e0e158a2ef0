// The checks of a runnable exercise that need its code run: the reference solution in the model answer passes
// every test, and the unchanged stub does not. Opt-in (`validate --run-solutions`), since it executes what the
// question files contain.
import { fencedBlocks } from '../bank/check.js';
import { finding, type Finding, type Question } from '../bank/types.js';
import { runExercise, type RunReport, type RunRequest } from './runner.js';

export type Runner = (request: RunRequest) => Promise<RunReport>;

/** The reference solution: the model answer's fenced blocks in the exercise's language, in order. */
export function referenceSolution(question: Question): string | undefined {
  if (!question.code) return undefined;
  const blocks = fencedBlocks(question.answer, question.code.language);
  return blocks.length ? blocks.join('\n\n') : undefined;
}

async function checkOne(question: Question, python: string, run: Runner): Promise<Finding[]> {
  const exercise = question.code!;
  const file = question.source.file;
  const at = (line: number) => ({ line, column: 1 });
  const reference = referenceSolution(question);
  if (reference === undefined) {
    return [
      finding(file, at(exercise.line), 'code-no-solution', `${question.id}: the model answer has no \`\`\`${exercise.language} block to run the tests against`),
    ];
  }
  const out: Finding[] = [];
  const report = await run({ exercise, code: reference, python });
  if (report.verdict === 'error' || report.verdict === 'timeout' || report.verdict === 'limit') {
    out.push(
      finding(
        file,
        at(exercise.line),
        'code-reference-fails',
        `${question.id}: the reference solution did not get through the tests (${report.verdict}): ${report.message ?? ''}`.trim(),
      ),
    );
  } else {
    for (const test of report.tests.filter((t) => t.status !== 'pass')) {
      const line = exercise.cases.find((c) => c.name === test.name)?.line ?? exercise.line;
      const detail = [test.message, test.expected !== undefined ? `expected ${test.expected}` : '', test.actual !== undefined ? `got ${test.actual}` : '']
        .filter(Boolean)
        .join('; ');
      out.push(finding(file, at(line), 'code-reference-fails', `${question.id}: the reference solution fails test "${test.name}": ${detail}`));
    }
  }
  const stub = await run({ exercise, code: exercise.stub, python });
  if (stub.verdict === 'pass') {
    out.push(
      finding(
        file,
        at(exercise.line),
        'code-stub-passes',
        `${question.id}: the unchanged stub passes every test, so the tests cannot tell a solution from no work`,
      ),
    );
  }
  return out;
}

/** Runs every exercise's reference solution and stub, two at a time, and returns what failed. */
export async function checkSolutions(questions: readonly Question[], python: string, run: Runner = runExercise, parallel = 2): Promise<Finding[]> {
  const exercises = questions.filter((q) => q.code);
  const results: Finding[][] = new Array(exercises.length);
  let next = 0;
  const worker = async () => {
    while (next < exercises.length) {
      const index = next++;
      results[index] = await checkOne(exercises[index]!, python, run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, exercises.length) }, worker));
  return results.flat();
}
