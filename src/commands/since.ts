import { UsageError } from '../errors.js';

/** `--since`: a date (2026-11-01), a date and time, or a span back from now (7d, 2w). */
export function parseSince(value: string, now: Date): Date {
  const span = /^(\d+)([dw])$/.exec(value.trim());
  if (span) {
    const days = Number(span[1]) * (span[2] === 'w' ? 7 : 1);
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  // A bare date means midnight where the user is, not UTC midnight.
  const parsed = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  if (Number.isNaN(parsed.getTime()) || (day && parsed.getDate() !== Number(day[3]))) {
    throw new UsageError(`--since "${value}" is not a date: use YYYY-MM-DD, an ISO date-time, or a span such as 7d or 2w.`);
  }
  return parsed;
}
