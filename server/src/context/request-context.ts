import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/jwt';
import { isRole } from '../auth/roles';

/** Headers the gateway sets on every subgraph call. */
export const HEADERS = {
  gatewaySecret: 'x-lotgraph-gateway-secret',
  user: 'x-lotgraph-user',
  requestId: 'x-request-id',
} as const;

export interface RequestContext {
  requestId: string;
  /** The authenticated caller, or null for an anonymous call (which may only ask for __typename). */
  user: Identity | null;
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
