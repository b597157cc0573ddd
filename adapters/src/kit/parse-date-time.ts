/**
 * Date-times as plant systems write them: ISO 8601 (with or without an offset), 2026/12/03 08:30, 2026-12-03,
 * 03.12.2026 08:30, 2026年12月3日 8时30分. A time without an offset is the plant's local time in `timeZone` (an
 * IANA name such as Asia/Shanghai). Answers the instant, or undefined for text that is none of these or names a
 * day that does not exist (30 February).
 */
export function parseDateTime(text: string, timeZone = 'UTC'): Date | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})$/i.exec(value);
  if (iso) {
    const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = iso;
    if (!validDay(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return undefined;
    const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : Math.sign(zone.startsWith('-') ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(-2));
    return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(+`0.${frac}` * 1000)) - offsetMinutes * 60_000);
  }
  const parts =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)?.slice(1) ??
    swapDayFirst(/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)?.slice(1)) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[时:](\d{1,2})分?(?:(\d{1,2})秒?)?)?$/.exec(value)?.slice(1);
  if (!parts) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = parts.map((part) => part ?? undefined) as string[];
  if (!validDay(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return undefined;
  return zonedTime(+y, +mo, +d, +h || 0, +mi || 0, +s || 0, timeZone);
}

function swapDayFirst(parts: string[] | undefined): string[] | undefined {
  return parts && [parts[2], parts[1], parts[0], ...parts.slice(3)];
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant a wall-clock time in a time zone stands for (the zone's offset at that moment, DST included). */
function zonedTime(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offset = (at: number) => {
    const shown = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(at))
      .reduce<Record<string, number>>((all, part) => (part.type === 'literal' ? all : { ...all, [part.type]: Number(part.value) }), {});
    return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second) - at;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}
