import type { ReportFormat } from './report-format';

export interface GraphError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** What the graph answered to one of a report's operations. */
export interface GraphAnswer<T> {
  data?: T | null;
  errors?: GraphError[];
}

/** A part of a report's data: its value, or why there is none (refused to the caller, or not answered). */
export type Part<T> = { ok: true; value: T } | { ok: false; forbidden: boolean; reason: string; codes: string[] };

function related(error: GraphError, path: ReadonlyArray<string | number>): boolean {
  if (!error.path) return false;
  const shorter = Math.min(error.path.length, path.length);
  return error.path.slice(0, shorter).every((step, i) => step === path[i]);
}

/**
 * The part of an answer at `path` (e.g. ['lot', 'dossier', 'inspections']). A null where the part should be is
 * explained by the errors on that path, or failing those by the errors that name no path (a subgraph that did not
 * answer), so a report shows what is missing and why instead of failing as a whole.
 */
export function partOf<T>(answer: GraphAnswer<unknown>, path: ReadonlyArray<string | number>): Part<T> {
  let value: unknown = answer.data;
  for (const step of path) value = value === null || value === undefined ? undefined : (value as Record<string | number, unknown>)[step];
  if (value !== null && value !== undefined) return { ok: true, value: value as T };
  const errors = answer.errors ?? [];
  const explaining = errors.filter((error) => related(error, path));
  const reasons = explaining.length ? explaining : errors.filter((error) => !error.path);
  const codes = reasons.map((error) => String(error.extensions?.code ?? ''));
  return { ok: false, forbidden: codes.includes('FORBIDDEN'), reason: [...new Set(reasons.map((error) => error.message))].join('; '), codes };
}

/** The sentence a report shows in place of a part it could not show. */
export function missingPart(format: ReportFormat, part: { forbidden: boolean; reason: string }): string {
  const reason = part.reason || format.t('report.noAnswer');
  return format.t(part.forbidden ? 'report.notPermitted' : 'report.notAvailable', { reason });
}

/**
 * A part that may be absent by right (a CAPA not closed yet has no residual risk, one not investigated yet no
 * root-cause analysis): a null no error explains is a value (nothing recorded); a null an error explains is missing,
 * as with `partOf`, so a resolver that failed is not shown as "not recorded".
 */
export function optionalPartOf<T>(answer: GraphAnswer<unknown>, path: ReadonlyArray<string | number>): Part<T | null> {
  const part = partOf<T>(answer, path);
  return part.ok || part.codes.length > 0 ? part : { ok: true, value: null };
}
