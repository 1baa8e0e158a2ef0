import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

/** The score bands: good from 80%, fair from 50%, weak below. */
export const GOOD_SCORE = 0.8;
export const FAIR_SCORE = 0.5;

/** Green for a good score, yellow for a fair one, red below. */
export function scoreColor(color: ChalkInstance, score: number): ChalkInstance {
  return score >= GOOD_SCORE ? color.green : score >= FAIR_SCORE ? color.yellow : color.red;
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
