import type { IncomingMessage } from 'node:http';
import { HEADERS, newRequestId, type TokenClaims } from '@lotgraph/server';
import type { GatewayContext } from '../gateway-context';
import { authenticate } from './authenticate';
import type { SessionCheck } from './session-check';

export interface CallerCheck {
  jwtSecret: string;
  sessions: SessionCheck;
}

/** Who is calling, as every route of the gateway sees it: the context its operations run in, and its token's claims. */
export interface Caller {
  context: GatewayContext;
  /** The verified token's claims (its session was checked); null for an anonymous caller. */
  claims: TokenClaims | null;
}

/** The id a request is served under: the caller's X-Request-Id when it is a sane one, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[HEADERS.requestId];
  return newRequestId(Array.isArray(incoming) ? incoming[0] : incoming);
}

/**
 * The caller of a request, checked the same way on every route (POST /graphql, reports, the exception stream): the
 * bearer token verified (a bad, forged or expired one refused, UNAUTHENTICATED 401) and its user and session
 * checked (logged out, disabled, locked: 401; not checkable: SESSION_CHECK_UNAVAILABLE 503), both thrown as
 * GraphQLErrors. No token is an anonymous caller (user null): each route says whether it serves one.
 */
export async function callerContext(
  req: IncomingMessage,
  check: CallerCheck,
  options: { requestId?: string; authorization?: string } = {},
): Promise<Caller> {
  const requestId = options.requestId ?? requestIdOf(req);
  const authenticated = authenticate(options.authorization ?? req.headers.authorization, check.jwtSecret);
  if (!authenticated) return { context: { requestId, user: null, token: null }, claims: null };
  await check.sessions.check(authenticated.claims);
  return { context: { requestId, user: authenticated.user, token: authenticated.token }, claims: authenticated.claims };
}
