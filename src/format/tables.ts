import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { scoreBand } from './score.js';

/** Green for a good score, yellow for a fair one, red below. */
export function scoreColor(color: ChalkInstance, score: number): ChalkInstance {
  return { good: color.green, fair: color.yellow, weak: color.red }[scoreBand(score)];
}

/**
 * A compact table with bold headers; numeric columns (all but the first) right-aligned. Given column widths, cells
 * wrap inside them.
 */
export function scoreTable(color: ChalkInstance, head: string[], align?: Array<'left' | 'right' | 'center'>, colWidths?: number[]): Table.Table {
  return new Table({
    head: head.map((h) => color.bold(h)),
    colAligns: align ?? head.map((_, i) => (i === 0 ? 'left' : 'right')),
    style: { head: [], border: [], compact: true },
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
  });
}

/** The profiles in the store: name (the current one marked), sessions, day of the last practice. */
export function formatProfiles(
  rows: ReadonlyArray<{ user: string; sessions: number; lastPractice: string | null; current: boolean }>,
  color: ChalkInstance,
): string {
  const table = scoreTable(color, ['user', 'sessions', 'last practice'], ['left', 'right', 'left']);
  for (const r of rows)
    table.push([r.current ? `${color.bold(r.user)} ${color.dim('(you)')}` : r.user, r.sessions, r.lastPractice ? r.lastPractice.slice(0, 10) : '-']);
  return table.toString();
}
