import { message, negotiateLocale, parseLocale, type Locale, type MessageKey } from '@lotgraph/schema';
import { isTimeZone } from './report-format';

export const REPORTS_PATH = '/reports/';
export const REPORT_KINDS = ['lot', 'capa'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportFormatName = 'html' | 'pdf';

export interface ReportRequest {
  kind: ReportKind;
  /** Lot number or CAPA number. */
  id: string;
  format: ReportFormatName;
  locale: Locale;
  timeZone: string;
}

/** A report request refused before anything is read: the HTTP status, the error code and the sentence. */
export class ReportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function reportError(status: number, code: string, locale: Locale, key: MessageKey, params: Record<string, string> = {}): ReportError {
  return new ReportError(status, code, message(locale, key, params));
}

/** The server's own time zone: reports show times in it unless asked for another (?tz=). */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A path segment with its %-escapes decoded; a malformed escape is kept as written (and names no record). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `GET /reports/<kind>/<id>?format=html|pdf&lang=en|zh-CN&tz=<IANA zone>`: what is asked, in which language (lang,
 * else Accept-Language, else English), or a 400/404 naming the parameter and why.
 */
export function parseReportRequest(rawUrl: string, acceptLanguage: string | undefined): ReportRequest {
  const url = new URL(rawUrl, 'http://reports.invalid');
  const langParam = url.searchParams.get('lang');
  const locale = langParam === null ? negotiateLocale(acceptLanguage) : parseLocale(langParam);
  if (!locale) throw reportError(400, 'BAD_USER_INPUT', negotiateLocale(acceptLanguage), 'error.badLang', { value: langParam ?? '' });
  const [kind = '', ...rest] = url.pathname.slice(REPORTS_PATH.length).split('/');
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw reportError(404, 'NOT_FOUND', locale, 'error.unknownReport', { kind });
  const id = decoded(rest.join('/')).trim();
  if (!id) throw reportError(400, 'BAD_USER_INPUT', locale, 'error.missingId', { kind });
  const format = (url.searchParams.get('format') ?? 'html').toLowerCase();
  if (format !== 'html' && format !== 'pdf') throw reportError(400, 'BAD_USER_INPUT', locale, 'error.badFormat', { value: format });
  const timeZone = url.searchParams.get('tz') ?? defaultTimeZone();
  if (!isTimeZone(timeZone)) throw reportError(400, 'BAD_USER_INPUT', locale, 'error.badTimeZone', { value: timeZone });
  return { kind: kind as ReportKind, id, format, locale, timeZone };
}
