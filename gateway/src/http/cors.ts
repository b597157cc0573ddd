import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADERS, sendGraphQLError } from '@lotgraph/server';

const BASE_HEADERS = ['authorization', 'content-type', 'last-event-id', HEADERS.requestId, HEADERS.correlationId, 'apollo-require-preflight'];

/**
 * Cross-origin access for browser front ends served elsewhere (LOTGRAPH_CORS_ORIGINS). Tokens travel in the
 * Authorization header, never in cookies, so no credentials mode is offered. Answers a preflight itself; for any
 * other request it sets the headers and tells the caller to go on (true) or that it has answered (false).
 */
export function corsPolicy(origins: readonly string[]) {
  const anyOrigin = origins.includes('*');
  const allowed = (origin: string) => anyOrigin || origins.includes(origin);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && Boolean(req.headers['access-control-request-method']);
    // Caches must keep answers apart by origin whenever the origin decides what the answer says.
    if (origins.length > 0) res.setHeader('vary', 'Origin');
    if (!origin) return true;
    if (!allowed(origin)) {
      if (!preflight) return true;
      const how = origins.length === 0 ? 'set LOTGRAPH_CORS_ORIGINS to allow it' : `allowed: ${origins.join(', ')} (LOTGRAPH_CORS_ORIGINS)`;
      sendGraphQLError(res, 403, `Pages from ${origin} may not call this gateway; ${how}`, 'FORBIDDEN');
      return false;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', `${HEADERS.requestId}, ${HEADERS.correlationId}`);
    if (!preflight) return true;
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      // What the client asked to send (client names, tracing headers), besides the ones every GraphQL client sends.
      'access-control-allow-headers': [...new Set([...BASE_HEADERS, ...requestedHeaders(req)])].join(', '),
      'access-control-max-age': '600',
    });
    res.end();
    return false;
  };
}

const requestedHeaders = (req: IncomingMessage): string[] =>
  String(req.headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(h));
