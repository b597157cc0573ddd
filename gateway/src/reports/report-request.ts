import { message, negotiateLocale, parseLocale, type Locale, type MessageKey } from '@lotgraph/schema';
import { baseUrlOf } from '../http/base-url';
import { Refusal } from '../http/refusal';
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

/** A report request refused, in the caller's language: the HTTP status, the error code and the catalogue's sentence. */
export function reportError(status: number, code: string, locale: Locale, key: MessageKey, params: Record<string, string> = {}, headers: Record<string, string> = {}): Refusal {
  return new Refusal(status, code, message(locale, key, params), headers);
}

/**
 * Where a report is served, from the gateway's GraphQL URL: `reportUrl('http://127.0.0.1:4000/graphql', 'capa',
 * 'CAPA-2026-0017')` → `http://127.0.0.1:4000/reports/capa/CAPA-2026-0017`, the number URL-encoded, with the query
 * (format, lang, tz) when given.
 */
export function reportUrl(graphqlUrl: string, kind: ReportKind, id: string, query?: URLSearchParams): string {
  const search = query?.toString();
  return `${baseUrlOf(graphqlUrl)}${REPORTS_PATH}${kind}/${encodeURIComponent(id)}${search ? `?${search}` : ''}`;
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
 * else Accept-Language, else English), or a 400/404 naming the parameter and why; another method than GET is
 * refused with 405 and `Allow: GET`.
 */
export function parseReportRequest(method: string, rawUrl: string, acceptLanguage: string | undefined): ReportRequest {
  const url = new URL(rawUrl, 'http://reports.invalid');
  const langParam = url.searchParams.get('lang');
  const locale = langParam === null ? negotiateLocale(acceptLanguage) : parseLocale(langParam);
  if (method !== 'GET') {
    throw reportError(405, 'METHOD_NOT_ALLOWED', locale ?? negotiateLocale(acceptLanguage), 'error.methodNotAllowed', { method, path: url.pathname }, { allow: 'GET' });
  }
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
