/**
 * Dates and instants as the graph takes them: RFC 3339 text naming a real calendar day, in the years 1900 to 9999.
 * `new Date(text)` is not used for input: it rolls 2026-02-30 over to 2 March, takes years 0001 and +275760, and
 * reads a time without a zone in the server's own.
 */

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 9999;

/** What was wrong with a date or date-time, as a sentence part naming the text. */
export type DateProblem = { reason: string };

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})?$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ECMAScript's expanded years (+275760-09-13, -000001-01-01), which JavaScript reads and RFC 3339 does not have. */
const EXPANDED_YEAR = /^([+-]\d+)-/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const inYears = (year: number) => year >= EARLIEST_YEAR && year <= LATEST_YEAR;
const yearsNote = `dates are taken from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;

/** Why year-month-day is not a day of the calendar within the years taken, or undefined. */
function dayProblem(shown: string, year: number, month: number, day: number): DateProblem | undefined {
  if (!inYears(year)) return { reason: `"${shown}" is in the year ${year}; ${yearsNote}` };
  if (month < 1 || month > 12) return { reason: `"${shown}" has no month ${month}` };
  const days = daysIn(year, month);
  if (day < 1 || day > days) return { reason: `"${shown}" is not a real date: ${MONTHS[month - 1]} ${year} has ${days} days` };
  return undefined;
}

function expandedYear(shown: string): DateProblem | undefined {
  const year = EXPANDED_YEAR.exec(shown)?.[1];
  return year ? { reason: `"${shown}" is in the year ${year}; ${yearsNote}` } : undefined;
}

const notText = (value: unknown) => (typeof value === 'number' ? 'a number' : (JSON.stringify(value) ?? String(value)));

/**
 * An RFC 3339 date-time (2026-11-21T08:30:00Z, 2026-11-21T16:30:00.250+08:00) as the instant it names; a fraction
 * finer than milliseconds is cut to milliseconds. Refused: other forms, no time zone, an impossible date or time,
 * a year outside 1900 to 9999.
 */
export function parseInstant(value: unknown): Date | DateProblem {
  if (typeof value !== 'string') return { reason: `must be an RFC 3339 date-time written as a string, not ${notText(value)}` };
  const shown = value;
  const expanded = expandedYear(shown);
  if (expanded) return expanded;
  const match = INSTANT.exec(value);
  if (!match) return { reason: `"${shown}" is not an RFC 3339 date-time such as 2026-11-21T08:30:00Z` };
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (!zone) return { reason: `"${shown}" has no time zone; end it with Z (UTC) or an offset such as +08:00` };
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const problem = dayProblem(shown, year, month, day);
  if (problem) return problem;
  if (hour > 23 || minute > 59 || second > 59) return { reason: `"${shown}" is not a time of day (hours 00-23, minutes and seconds 00-59)` };
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const [offsetHours, offsetMins] = zone.slice(1).split(':').map(Number);
    if (offsetHours > 23 || offsetMins > 59) return { reason: `"${shown}" has no such offset from UTC as ${zone}` };
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
  // The offset may carry a day at the edge of the range out of it (1900-01-01T00:00:00+01:00).
  if (!inYears(date.getUTCFullYear())) return { reason: `"${shown}" is in the year ${date.getUTCFullYear()} in UTC; ${yearsNote}` };
  return date;
}

/** A calendar date, YYYY-MM-DD, naming a real day in the years 1900 to 9999. */
export function parseCalendarDate(value: unknown): string | DateProblem {
  if (typeof value !== 'string') return { reason: `must be a date YYYY-MM-DD written as a string, not ${notText(value)}` };
  const expanded = expandedYear(value);
  if (expanded) return expanded;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return { reason: `"${value}" is not a date YYYY-MM-DD` };
  return dayProblem(value, Number(match[1]), Number(match[2]), Number(match[3])) ?? value;
}

export const isDateProblem = (value: unknown): value is DateProblem => typeof value === 'object' && value !== null && !(value instanceof Date) && 'reason' in value;
