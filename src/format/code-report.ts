// How a test run looks: one line per test, then the first failure in full (input, expected, actual) and the tail
// of what the code printed. Shared by `mle-prep code` and the coding screen of a session.
import type { CodeExercise } from '../bank/types.js';
import type { RunReport, TestResult } from '../code/runner.js';
import { plural } from '../lib/plural.js';
import type { ViewOptions } from './question-view.js';
import { safeText } from './terminal-text.js';
import { hanging, indentedBlock } from './wrap.js';

const VERDICT_TITLE = { pass: 'Passed', fail: 'Some tests failed', error: 'The code did not run', timeout: 'Out of time', limit: 'Over a limit' } as const;

export function formatRunReport(report: RunReport, exercise: CodeExercise, view: ViewOptions): string {
  const c = view.color;
  const hidden = new Set(exercise.cases.filter((t) => t.hidden).map((t) => t.name));
  const paint = report.verdict === 'pass' ? c.green : report.passed > 0 ? c.yellow : c.red;
  const title =
    report.verdict === 'pass'
      ? `All ${plural(report.total, 'test')} passed`
      : `${VERDICT_TITLE[report.verdict]}: ${report.passed} of ${plural(report.total, 'test')} passed`;
  const lines = [`${paint.bold(title)} ${c.dim(`(${report.seconds.toFixed(1)} s)`)}`];
  if (report.message) lines.push(hanging(c.red(safeText(report.message)), 0, view));
  for (const test of report.tests) {
    const mark = test.status === 'pass' ? c.green('✔') : test.status === 'not-run' ? c.dim('·') : c.red('✘');
    const note = hidden.has(test.name) ? c.dim(' (hidden)') : '';
    const why = test.status === 'not-run' ? c.dim(' not run') : test.status === 'error' ? c.red(' error') : '';
    lines.push(`  ${mark} ${hanging(`${safeText(test.name)}${note}${why}`, 4, view)}`);
  }
  const first = report.tests.find((t) => t.status === 'fail' || t.status === 'error');
  if (first) lines.push('', formatFailure(first, view));
  const output = [
    ['Output', report.stdout],
    ['Errors', report.stderr],
  ].filter(([, text]) => text!.trim() !== '');
  for (const [title, text] of output) {
    lines.push('', c.bold(`${title} (last lines)`), indentedBlock(safeText(text!), 2, view));
  }
  return lines.join('\n');
}

function formatFailure(test: TestResult, view: ViewOptions): string {
  const c = view.color;
  const lines = [c.bold(`First failure: ${safeText(test.name)}`)];
  if (test.message) lines.push(`  ${hanging(safeText(test.message), 2, view)}`);
  const field = (label: string, value: string | undefined) => {
    if (value === undefined) return;
    const text = safeText(value);
    lines.push(text.includes('\n') ? `  ${c.dim(label)}\n${indentedBlock(text, 4, view)}` : `  ${c.dim(label.padEnd(9))}${hanging(text, 11, view)}`);
  };
  field('input', test.input);
  field('expected', test.expected);
  field('actual', test.actual);
  return lines.join('\n');
}

/** `--json`: the run in the shape scripts read. */
export function runReportJson(id: string, report: RunReport): string {
  const tests = report.tests.map((t) => ({ name: t.name, status: t.status, message: testMessage(t) }));
  return `${JSON.stringify({ id, passed: report.passed, failed: report.failed, total: report.total, verdict: report.verdict, tests }, null, 2)}\n`;
}

function testMessage(test: TestResult): string {
  const details = [
    test.input !== undefined ? `input: ${test.input}` : '',
    test.expected !== undefined ? `expected: ${test.expected}` : '',
    test.actual !== undefined ? `actual: ${test.actual}` : '',
  ].filter(Boolean);
  return [test.message ?? '', ...details].filter(Boolean).join('; ');
}
