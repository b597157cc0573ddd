import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isRole, type Role } from './roles';

export interface Identity {
  id: string;
  name: string;
  roles: Role[];
}

const ISSUER = 'lotgraph';

export class TokenError extends Error {}

const secretKeys = new Map<string, KeyObject>();

/**
 * The HS256 secret as a KeyObject. Given a plain string, jsonwebtoken first tries to read it as a PEM public
 * key and throws that attempt away, which costs about a millisecond on every request the gateway checks.
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

export function signToken(identity: Identity, secret: string, expiresIn: string | number = '8h'): string {
  return jwt.sign({ name: identity.name, roles: identity.roles }, secretKey(secret), {
    algorithm: 'HS256',
    subject: identity.id,
    issuer: ISSUER,
    expiresIn: expiresIn as jwt.SignOptions['expiresIn'],
  });
}

/** Verifies an HS256 bearer token and returns who it names; throws TokenError with the reason. */
export function verifyToken(token: string, secret: string): Identity {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof decoded === 'string') throw new TokenError('token payload is not a JSON object');
    claims = decoded;
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof jwt.TokenExpiredError) throw new TokenError(`token expired at ${err.expiredAt.toISOString()}`);
    throw new TokenError(`token rejected: ${(err as Error).message}`);
  }
  const roles: unknown[] = Array.isArray(claims.roles) ? claims.roles : [];
  if (!claims.sub) throw new TokenError('token has no subject (sub)');
  if (!roles.every(isRole)) throw new TokenError(`token names an unknown role: ${roles.join(', ')}`);
  return { id: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles: roles as Role[] };
}
