// Formats validation findings; each reporter only turns data into text.
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import wrapAnsi from 'wrap-ansi';
import type { ChalkInstance } from 'chalk';
import type { Finding } from '../bank/types.js';
import { plural } from '../lib/plural.js';
import { safeText } from './terminal-text.js';

export type FindingFormat = 'stylish' | 'json' | 'github';

export interface ValidationSummary {
  findings: Finding[];
  fileCount: number;
  questionCount: number;
  /** What was checked, as the user would name it ("my-bank", "the bundled bank"); said in the closing line. */
  checked?: string;
}

const where = (checked: string | undefined) => (checked ? `${safeText(checked)}: ` : '');

/** "my-bank: 2 errors, 1 warning in 2 of 40 files": which bank, and how much of it was checked. */
export function countLine({ findings, fileCount, checked }: ValidationSummary): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const files = new Set(findings.map((f) => f.file)).size;
  const inFiles = files >= fileCount ? plural(files, 'file') : `${files} of ${plural(fileCount, 'file')}`;
  return `${where(checked)}${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${inFiles}`;
}

export function successLine({ questionCount, fileCount, checked }: ValidationSummary): string {
  return `✔ ${where(checked)}${plural(questionCount, 'question')} in ${plural(fileCount, 'file')} ${questionCount === 1 ? 'is' : 'are'} valid`;
}

/**
 * eslint-style: findings grouped by file, aligned columns, then a count line. Given the terminal's width, messages
 * that would run past it wrap inside their column, so the rule names stay in theirs.
 */
export function formatStylish(summary: ValidationSummary, color: ChalkInstance, width?: number): string {
  if (summary.findings.length === 0) return `${color.green(successLine(summary))}\n`;
  const byFile = new Map<string, Finding[]>();
  for (const f of summary.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  let out = '';
  for (const [file, findings] of byFile) {
    const cells = findings.map((f) => ({
      position: `  ${color.dim(`${f.line}:${f.column}`)}`,
      severity: f.severity === 'error' ? color.red('error') : color.yellow('warning'),
      message: safeText(f.message).replace(/\s*\n\s*/g, ' '),
      rule: color.dim(f.rule),
    }));
    const widest = (pick: (c: (typeof cells)[number]) => string) => Math.max(...cells.map((c) => stripVTControlCharacters(pick(c)).length));
    // Three two-space gaps between the four columns, and one column spare so a full line does not wrap early.
    const messageRoom = width === undefined ? 0 : width - 1 - 6 - widest((c) => c.position) - widest((c) => c.severity) - widest((c) => c.rule);
    // Wrapped here rather than by the table, which would cut a word longer than the column (a path) short. Without
    // a width (a pipe), or with under 24 columns for messages, lines stay whole.
    const wrap = (message: string) => (messageRoom >= 24 ? wrapAnsi(message, messageRoom, { hard: true, trim: true }) : message);
    const table = new Table({
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '  ',
      },
      style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [], compact: true },
    });
    const rows = cells.map((c) => [c.position, c.severity, wrap(c.message), c.rule]);
    table.push(...rows);
    out += `\n${color.underline(safeText(file))}\n${table.toString().replace(/[ ]+$/gm, '')}\n`;
  }
  const errors = summary.findings.some((f) => f.severity === 'error');
  const line = `${errors ? '✖' : '⚠'} ${countLine(summary)}`;
  return `${out}\n${errors ? color.red.bold(line) : color.yellow.bold(line)}\n`;
}

/** A stable array of {file, line, column, severity, rule, message}. */
export function formatJson(summary: ValidationSummary): string {
  const rows = summary.findings.map(({ file, line, column, severity, rule, message }) => ({ file, line, column, severity, rule, message }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

// Escaping as @actions/core does for workflow commands.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands, which show as annotations on the pull request. */
export function formatGithub(summary: ValidationSummary): string {
  const lines = summary.findings.map((f) => {
    const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(`mle-prep ${f.rule}`)}`];
    return `::${f.severity} ${props.join(',')}::${escapeData(f.message)}`;
  });
  lines.push(summary.findings.length === 0 ? successLine(summary) : countLine(summary));
  return `${lines.join('\n')}\n`;
}
