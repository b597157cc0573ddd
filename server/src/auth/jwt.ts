import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isRole, type Role } from './roles';

export interface Identity {
  id: string;
  name: string;
  roles: Role[];
}

/** A verified token: who it names, and the session facts the gateway checks against the user's status. */
export interface TokenClaims {
  identity: Identity;
  /** The token's own id (jti): what logout revokes. */
  tokenId: string | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
}

export interface IssuedToken {
  token: string;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
}

const ISSUER = 'lotgraph';

export class TokenError extends Error {}

/** How far ahead of this clock a token's issue time may be (servers' clocks differ a little). */
const MAX_CLOCK_SKEW_MS = 30_000;

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

/**
 * Signs a token with its own id (jti). `iat` keeps milliseconds (RFC 7519 allows a fractional NumericDate),
 * so a token issued right after a password change is told apart from one issued just before it.
 */
export function issueToken(identity: Identity, secret: string, expiresIn: string | number = '15m'): IssuedToken {
  const tokenId = randomUUID();
  const issuedAtMs = Date.now();
  const token = jwt.sign({ name: identity.name, roles: identity.roles, iat: issuedAtMs / 1000 }, secretKey(secret), {
    algorithm: 'HS256',
    subject: identity.id,
    issuer: ISSUER,
    jwtid: tokenId,
    // A bare number is seconds; jsonwebtoken would read the string "900" as 900 milliseconds.
    expiresIn: (typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn) as jwt.SignOptions['expiresIn'],
  });
  const { exp } = jwt.decode(token) as jwt.JwtPayload;
  return { token, tokenId, issuedAt: new Date(issuedAtMs), expiresAt: new Date(exp! * 1000) };
}

export function signToken(identity: Identity, secret: string, expiresIn: string | number = '15m'): string {
  return issueToken(identity, secret, expiresIn).token;
}

function numericDate(value: unknown): Date | null {
  return typeof value === 'number' && Number.isFinite(value) ? new Date(Math.round(value * 1000)) : null;
}

/** Verifies an HS256 bearer token and returns who it names and its session facts; throws TokenError with the reason. */
export function verifyTokenClaims(token: string, secret: string): TokenClaims {
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
  // jsonwebtoken accepts a token without `exp` (valid for ever) and one issued in the future (valid past a
  // password reset that came before its `iat`): neither comes from login.
  if (typeof claims.exp !== 'number') throw new TokenError('token has no expiry (exp); log in for a new token');
  if (typeof claims.iat !== 'number') throw new TokenError('token has no issue time (iat); log in for a new token');
  if (claims.iat * 1000 > Date.now() + MAX_CLOCK_SKEW_MS) throw new TokenError(`token claims to be issued in the future (${new Date(claims.iat * 1000).toISOString()})`);
  if (!roles.every(isRole)) throw new TokenError(`token names an unknown role: ${roles.join(', ')}`);
  return {
    identity: { id: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles: roles as Role[] },
    tokenId: typeof claims.jti === 'string' && claims.jti ? claims.jti : null,
    issuedAt: numericDate(claims.iat),
    expiresAt: numericDate(claims.exp),
  };
}

/** Verifies an HS256 bearer token and returns who it names; throws TokenError with the reason. */
export function verifyToken(token: string, secret: string): Identity {
  return verifyTokenClaims(token, secret).identity;
}

/**
 * The session facts of a token without checking its signature: only for a token the gateway has already
 * verified and forwarded to a subgraph behind the gateway secret (the compliance subgraph revoking it at logout).
 */
export function readTokenClaims(token: string): Omit<TokenClaims, 'identity'> {
  const claims = jwt.decode(token);
  if (!claims || typeof claims === 'string') return { tokenId: null, issuedAt: null, expiresAt: null };
  return {
    tokenId: typeof claims.jti === 'string' && claims.jti ? claims.jti : null,
    issuedAt: numericDate(claims.iat),
    expiresAt: numericDate(claims.exp),
  };
}
