import type { CapaEventType } from './exception-events';

/** A CAPA action an event is about (the one overdue). */
export interface CapaActionSummary {
  sequence: number;
  description: string;
  owner: string;
  /** YYYY-MM-DD. */
  dueOn: string | null;
}

/** What a CAPA event says about its CAPA: enough for a receiver to act without asking the graph first. */
export interface CapaSummary {
  number: string;
  title: string;
  status: string;
  previousStatus: string | null;
  /** The quality exceptions the CAPA addresses, in number order. */
  exceptionNumbers: string[];
  action: CapaActionSummary | null;
  /** How to open the CAPA: the GraphQL query, and where to send it when LOTGRAPH_PUBLIC_URL is configured. */
  link: { query: string; variables: { number: string }; url: string | null };
}

/** A CAPA event as the capa domain publishes it, checked; the log stores it with the CAPA's summary. */
export interface CapaEvent {
  /** The capa outbox message's key: one event per key. */
  eventKey: string;
  type: CapaEventType;
  capa: Omit<CapaSummary, 'link'>;
  /** A sentence on what happened, for people. */
  detail: string;
}

const OPEN_CAPA = 'query OpenCapa($number: String!) { capa(number: $number) { number title status } }';

export function capaSummary(event: CapaEvent, publicUrl: string | undefined): CapaSummary {
  return { ...event.capa, link: { query: OPEN_CAPA, variables: { number: event.capa.number }, url: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/graphql` : null } };
}
