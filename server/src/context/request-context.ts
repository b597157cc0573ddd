import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/jwt';
import { isRole } from '../auth/roles';

/** Headers the gateway sets on every subgraph call. */
export const HEADERS = {
  gatewaySecret: 'x-lotgraph-gateway-secret',
  user: 'x-lotgraph-user',
  requestId: 'x-request-id',
  /** The caller's own bearer token, so a subgraph can ask the graph on the caller's behalf. */
  callerToken: 'x-lotgraph-caller-token',
} as const;

export interface RequestContext {
  requestId: string;
  /** The authenticated caller, or null for an anonymous call (which may only ask for __typename). */
  user: Identity | null;
  /**
   * The caller's bearer token, forwarded by the gateway, so a subgraph can ask another domain through the
   * gateway as the same user (the gateway verifies it again); null for anonymous calls.
   */
  token?: string | null;
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

export function newRequestId(incoming?: string): string {
  return incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}
