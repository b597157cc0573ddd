import type { IncomingMessage } from 'node:http';
import type { TokenClaims } from '@lotgraph/server';
import type { GatewayContext } from '../gateway-context';
import { clientAddressOf } from '../http/client-address';
import { requestIdsOf, type RequestIds } from '../http/request-ids';
import { authenticate } from './authenticate';
import type { SessionCheck } from './session-check';

export interface CallerCheck {
  jwtSecret: string;
  /** Tells the graph's own calls (a subgraph's) from clients': only those keep the request id they send. */
  gatewaySecret: string;
  sessions: SessionCheck;
  /** Reverse proxies whose X-Forwarded-For names the client (LOTGRAPH_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
}

/** Who is calling, as every route of the gateway sees it: the context its operations run in, and its token's claims. */
export interface Caller {
  context: GatewayContext;
  /** The verified token's claims (its session was checked); null for an anonymous caller. */
  claims: TokenClaims | null;
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
  options: { ids?: RequestIds; authorization?: string } = {},
): Promise<Caller> {
  const ids = options.ids ?? requestIdsOf(req, check.gatewaySecret);
  const clientAddress = clientAddressOf(req, check.trustedProxies ?? [], ids.fromSubgraph);
  const authenticated = authenticate(options.authorization ?? req.headers.authorization, check.jwtSecret);
  if (!authenticated) return { context: { ...ids, clientAddress, user: null, token: null }, claims: null };
  // The account says who the caller is and what they may do now, not the token: its roles may have changed since.
  const user = await check.sessions.check(authenticated.claims);
  return { context: { ...ids, clientAddress, user, token: authenticated.token }, claims: { ...authenticated.claims, identity: user } };
}
