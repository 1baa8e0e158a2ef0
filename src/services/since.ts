import { UsageError } from '../errors.js';

/** `--since`: a date (2026-11-01), an ISO date-time, or a span back from now (7d, 2w). */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const span = /^(\d+)([dw])$/.exec(text);
  if (span) {
    const days = Number(span[1]) * (span[2] === 'w' ? 7 : 1);
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  }
  // Only ISO forms: JavaScript's own date parsing reads "12" as the year 2001.
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  const [year, month, day, hour, minute] = (iso ?? []).slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  // A bare date means midnight where the user is, not UTC midnight.
  const calendar = iso ? new Date(year!, month! - 1, day!) : undefined;
  // new Date(2026, 12, 1) quietly becomes 2027-01-01, and T24:00 the next day: parts that roll over are refused.
  const valid = calendar !== undefined && calendar.getMonth() === month! - 1 && calendar.getDate() === day && (hour ?? 0) <= 23 && (minute ?? 0) <= 59;
  if (!valid) throw new UsageError(`--since "${value}" is not a date: use YYYY-MM-DD, an ISO date-time, or a span such as 7d or 2w.`);
  return hour === undefined ? calendar : new Date(text);
}
