import type { Identity } from '../auth/jwt';
import { isRole } from '../auth/roles';
import { timeOrderedUuid } from '../ids/time-ordered-uuid';

/** Headers the gateway sets on every subgraph call. */
export const HEADERS = {
  gatewaySecret: 'x-lotgraph-gateway-secret',
  user: 'x-lotgraph-user',
  /** The request id the gateway assigned; read only from a call that carries the gateway secret. */
  requestId: 'x-request-id',
  /** A client's own id for its request, echoed back and logged; never the audit trail's request id. */
  correlationId: 'x-correlation-id',
  /** The caller's own bearer token, so a subgraph can ask the graph on the caller's behalf. */
  callerToken: 'x-lotgraph-caller-token',
  /** The address the caller's request came from, as the gateway read it (failed logins are throttled per address). */
  clientAddress: 'x-lotgraph-client-address',
} as const;

export interface RequestContext {
  /**
   * The id the audit entries of this request carry: assigned by the gateway for each request, the same in every
   * subgraph the request reaches. Never taken from a client.
   */
  requestId: string;
  /** The client's own id for the request (its X-Correlation-Id or X-Request-Id), for logs; null when it sent none. */
  correlationId?: string | null;
  /** The authenticated caller, or null for an anonymous call (which may only ask for __typename). */
  user: Identity | null;
  /**
   * The caller's bearer token, forwarded by the gateway, so a subgraph can ask another domain through the
   * gateway as the same user (the gateway verifies it again); null for anonymous calls.
   */
  token?: string | null;
  /** Where the caller's request came from (the gateway's peer, or the client a trusted proxy names); null when unknown. */
  clientAddress?: string | null;
}

export function encodeUserHeader(user: Identity): string {
  return Buffer.from(JSON.stringify(user), 'utf8').toString('base64url');
}

/** Reads the caller forwarded by the gateway; the gateway secret has already vouched for the header. */
export function decodeUserHeader(value: string | undefined): Identity | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Identity>;
    if (typeof parsed.id !== 'string' || !Array.isArray(parsed.roles) || !parsed.roles.every(isRole)) return null;
    return { id: parsed.id, name: typeof parsed.name === 'string' ? parsed.name : parsed.id, roles: parsed.roles };
  } catch {
    return null;
  }
}

const SANE_ID = /^[\w.-]{1,100}$/;

/**
 * The request id to serve a call under: `assigned` when the caller may assign it (the gateway, or a subgraph asking
 * the graph while it serves a request: calls that carry the gateway secret) and it is a sane one, else a new
 * time-ordered UUID.
 */
export function newRequestId(assigned?: string): string {
  return assigned && SANE_ID.test(assigned) ? assigned : timeOrderedUuid();
}

/** A client's correlation id as it may be kept and logged (letters, digits, `_.-`, at most 100), else null. */
export function correlationIdOf(incoming: string | undefined): string | null {
  return incoming && SANE_ID.test(incoming) ? incoming : null;
}
