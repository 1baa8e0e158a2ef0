import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

/** Green from 80%, yellow from 50%, red below. */
export function scoreColor(color: ChalkInstance, score: number): ChalkInstance {
  return score >= 0.8 ? color.green : score >= 0.5 ? color.yellow : color.red;
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
