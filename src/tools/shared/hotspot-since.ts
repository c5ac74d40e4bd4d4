import { ToolError } from '../../envelope/errors.js';

// The start of a hotspot window. Taken in two forms: a date (ISO 8601: "2025-01-31" or
// "2025-01-31T12:00:00Z") or a span back from today in git's relative form ("6 months ago",
// "2.weeks.ago", "1 year"). We resolve it ourselves and hand git an absolute instant, so git's
// approxidate never guesses at a typo ("6 mnths" would silently mean now to git). A span
// counts back from the start of today (UTC): every call and page of a day reads the same window.

const RELATIVE = /^(\d{1,5})[ .]+(day|week|month|year)s?(?:[ .]+ago)?$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export const DEFAULT_SINCE = '1 year ago';
const EARLIEST = Date.UTC(1970, 0, 1);

function startOfTodayUtc(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function back(from: Date, amount: number, unit: string): Date {
  const d = new Date(from);
  if (unit === 'day') d.setUTCDate(d.getUTCDate() - amount);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() - 7 * amount);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - amount);
  else d.setUTCFullYear(d.getUTCFullYear() - amount);
  return d;
}

function invalid(since: string): ToolError {
  return new ToolError(
    'INVALID_ARGUMENT',
    `since "${since}" is neither a date (2025-01-31, 2025-01-31T12:00:00Z) nor a span back from today (90 days ago, 6 months ago, 2.weeks.ago, 1 year).`,
    { since },
  );
}

/** The window's start as an ISO 8601 instant without milliseconds (the form git reads exactly). */
export function resolveSince(since: string | undefined, now: number = Date.now()): string {
  const text = (since ?? DEFAULT_SINCE).trim();
  const relative = RELATIVE.exec(text);
  let at: number;
  if (relative) at = back(startOfTodayUtc(now), Number(relative[1]), relative[2]!.toLowerCase()).getTime();
  else if (DATE_ONLY.test(text) || DATE_TIME.test(text))
    at = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  else throw invalid(text);
  if (!Number.isFinite(at)) throw invalid(text);
  if (at > now)
    throw new ToolError('INVALID_ARGUMENT', `since "${text}" is in the future: no commit is that recent.`, {
      since: text,
    });
  return new Date(Math.max(at, EARLIEST)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
