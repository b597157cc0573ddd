import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADERS, correlationIdOf, newRequestId, sameSecret } from '@lotgraph/server';

/** The ids a request is served under. */
export interface RequestIds {
  /** The server's: what the request's audit entries carry, in every subgraph it reaches. */
  requestId: string;
  /** The client's own id for the request, if it sent one: echoed and logged, never audited. */
  correlationId: string | null;
  /** The call carries the gateway secret: a subgraph asking the graph while it serves a request. */
  fromSubgraph: boolean;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The server assigns every request its id (a new time-ordered UUID). The one exception is a call that carries the
 * gateway secret — a subgraph asking another domain while it serves a request — which keeps the X-Request-Id it sends,
 * the id of the request it serves. A client's X-Request-Id (or X-Correlation-Id) is its correlation id, kept apart.
 */
export function requestIdsOf(req: IncomingMessage, gatewaySecret: string): RequestIds {
  const fromSubgraph = sameSecret(header(req, HEADERS.gatewaySecret), gatewaySecret);
  if (fromSubgraph) {
    return { requestId: newRequestId(header(req, HEADERS.requestId)), correlationId: correlationIdOf(header(req, HEADERS.correlationId)), fromSubgraph };
  }
  const correlationId = correlationIdOf(header(req, HEADERS.correlationId) ?? header(req, HEADERS.requestId));
  return { requestId: newRequestId(), correlationId, fromSubgraph };
}

/** Tells the caller the id its request is served (and audited) under, and the correlation id it sent. */
export function echoRequestIds(res: ServerResponse, ids: RequestIds): void {
  res.setHeader(HEADERS.requestId, ids.requestId);
  if (ids.correlationId) res.setHeader(HEADERS.correlationId, ids.correlationId);
}
