import type { ExceptionStatus, Severity } from '../exception/quality-exception.entity';
import type { ExceptionEvent } from './exception-events';

/** What an event says about its exception: enough for a receiver to act without asking the graph first. */
export interface ExceptionSummary {
  number: string;
  title: string;
  severity: Severity;
  status: ExceptionStatus;
  previousStatus: ExceptionStatus | null;
  detectedAt: string;
  dueAt: string | null;
  /** The batch domain's Equipment id, when it happened on a machine. */
  equipmentId: string | null;
  parameter: string | null;
  lotNumbers: string[];
  detail: string | null;
  /** How to open the exception: the GraphQL query, and where to send it when LOTGRAPH_PUBLIC_URL is configured. */
  link: { query: string; variables: { number: string }; url: string | null };
}

const OPEN_EXCEPTION = 'query OpenException($number: String!) { exception(number: $number) { number title severity status dueAt affectedLots { lot { lotNumber } role } } }';

export function summarize(event: ExceptionEvent, publicUrl: string | undefined): ExceptionSummary {
  const { exception } = event;
  return {
    number: exception.number,
    title: exception.title,
    severity: exception.severity,
    status: exception.status,
    previousStatus: event.previousStatus ?? null,
    detectedAt: new Date(exception.detectedAt).toISOString(),
    dueAt: exception.dueAt ? new Date(exception.dueAt).toISOString() : null,
    equipmentId: exception.equipmentId,
    parameter: exception.parameter,
    lotNumbers: [...(event.lotNumbers ?? [])],
    detail: event.detail ?? null,
    link: { query: OPEN_EXCEPTION, variables: { number: exception.number }, url: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/graphql` : null },
  };
}
