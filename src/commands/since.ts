import { UsageError } from '../errors.js';

/** `--since`: a date (2026-11-01), a date and time, or a span back from now (7d, 2w). */
export function parseSince(value: string, now: Date): Date {
  const span = /^(\d+)([dw])$/.exec(value.trim());
  if (span) {
    const days = Number(span[1]) * (span[2] === 'w' ? 7 : 1);
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  // Only ISO forms: JavaScript's own date parsing reads "12" as the year 2001.
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value.trim());
  // A bare date means midnight where the user is, not UTC midnight.
  const parsed = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : dateTime ? new Date(value.trim()) : new Date(NaN);
  // new Date(2026, 12, 1) quietly becomes 2027-01-01: a date whose parts do not survive the round trip is refused.
  const rolledOver = day && (parsed.getMonth() !== Number(day[2]) - 1 || parsed.getDate() !== Number(day[3]));
  if (Number.isNaN(parsed.getTime()) || rolledOver) {
    throw new UsageError(`--since "${value}" is not a date: use YYYY-MM-DD, an ISO date-time, or a span such as 7d or 2w.`);
  }
  return parsed;
}
