import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADERS, type TokenClaims } from '@lotgraph/server';
import { callerContext } from '../auth/caller-context';
import type { SessionCheck } from '../auth/session-check';
import { baseUrlOf } from '../http/base-url';
import { Refusal, sendRefusal } from '../http/refusal';

export const EXCEPTION_STREAM_PATH = '/events/exceptions';

export interface ExceptionStreamOptions {
  /** GraphQL URL of the quality subgraph; its event feed is beside it. */
  qualityUrl: string;
  gatewaySecret: string;
  jwtSecret: string;
  sessions: SessionCheck;
  /** Longest quiet spell before a heartbeat comment (15 s unless told). */
  heartbeatMs?: number;
}

/** What the quality subgraph answers at GET /internal/exception-events. */
interface FeedAnswer {
  refused?: string;
  lastEventId?: string;
  events?: Array<{ id: string; type: string; data: unknown }>;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const FEED_TIMEOUT_SLACK_MS = 5_000;

/** The bearer token of the header, or of `?access_token=` for browsers' EventSource (which cannot set headers). */
function authorization(req: IncomingMessage, query: URLSearchParams): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  const token = query.get('access_token');
  return token ? `Bearer ${token}` : undefined;
}

/**
 * The live stream of exception events, as Server-Sent Events: `GET /events/exceptions` with a bearer token,
 * for whoever may read exceptions. The gateway reads no database: it relays the quality subgraph's event feed
 * (a long poll behind the gateway secret), so `Last-Event-ID` resumes exactly after the last event received.
 * The token's session is checked on every poll; a logged-out, disabled or expired session ends the stream.
 */
export function exceptionStream(options: ExceptionStreamOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const feedUrl = `${baseUrlOf(options.qualityUrl)}/internal/exception-events`;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;

  const read = async (roles: readonly string[], after: string | null, waitMs: number, signal?: AbortSignal): Promise<FeedAnswer> => {
    const query = new URLSearchParams({ roles: roles.join(','), waitMs: String(waitMs) });
    if (after !== null) query.set('after', after);
    const timeout = AbortSignal.timeout(waitMs + FEED_TIMEOUT_SLACK_MS);
    const response = await fetch(`${feedUrl}?${query}`, {
      headers: { [HEADERS.gatewaySecret]: options.gatewaySecret },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) throw new Error(`the quality subgraph's event feed answered HTTP ${response.status}`);
    return (await response.json()) as FeedAnswer;
  };

  const open = async (req: IncomingMessage, query: URLSearchParams): Promise<{ claims: TokenClaims; first: FeedAnswer }> => {
    const { context: { user }, claims } = await callerContext(req, options, { authorization: authorization(req, query) });
    if (!user || !claims) throw new Refusal(401, 'UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>", or ?access_token=<token> from a browser EventSource');
    const lastEventId = (req.headers['last-event-id'] as string | undefined) ?? query.get('lastEventId');
    if (lastEventId !== null && !/^\d{1,18}$/.test(lastEventId)) throw new Refusal(400, 'BAD_USER_INPUT', `Last-Event-ID "${lastEventId}" is not an event id of this stream`);
    let first: FeedAnswer;
    try {
      first = await read(user.roles, lastEventId, 0);
    } catch (err) {
      throw new Refusal(503, 'SUBGRAPH_UNAVAILABLE', `The exception event feed is unavailable: ${(err as Error).message}`);
    }
    if (first.refused) throw new Refusal(403, 'FORBIDDEN', `${user.id} (${user.roles.join(', ')}) may not follow exception events: ${first.refused}`);
    return { claims, first };
  };

  return (req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    void (async () => {
      let opened: { claims: TokenClaims; first: FeedAnswer };
      try {
        opened = await open(req, query);
      } catch (err) {
        sendRefusal(res, err, 'exception stream');
        return;
      }
      const { claims } = opened;
      const closed = new AbortController();
      req.on('close', () => closed.abort());
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(`retry: 3000\n: exception events for ${claims.identity.id}\n\n`);
      const send = (answer: FeedAnswer) => {
        for (const event of answer.events ?? []) res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      };
      send(opened.first);
      let after = opened.first.lastEventId ?? '0';
      try {
        while (!closed.signal.aborted) {
          if (claims.expiresAt && claims.expiresAt.getTime() <= Date.now()) throw new Error('the token has expired; log in again');
          await options.sessions.check(claims);
          const answer = await read(claims.identity.roles, after, heartbeatMs, closed.signal);
          if (answer.refused) throw new Error(answer.refused);
          if (answer.events?.length) send(answer);
          else res.write(': heartbeat\n\n');
          after = answer.lastEventId ?? after;
        }
      } catch (err) {
        // The client reconnects with Last-Event-ID (EventSource does so by itself) and misses nothing.
        if (!closed.signal.aborted) res.write(`: stream ended: ${(err as Error).message.replace(/\s+/g, ' ')}\n\n`);
      }
      res.end();
    })();
  };
}
