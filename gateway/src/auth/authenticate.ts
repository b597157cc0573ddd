import { TokenError, unauthenticated, verifyTokenClaims, type Identity, type TokenClaims } from '@lotgraph/server';

/**
 * Reads the bearer token of a request. No header means an anonymous caller; a header with a bad,
 * forged or expired token is refused outright rather than treated as anonymous. Whether the token's user
 * and session still accept it is the session check's part (session-check.ts).
 */
export function authenticate(authorization: string | undefined, secret: string): { user: Identity; token: string; claims: TokenClaims } | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  try {
    const claims = verifyTokenClaims(match[1], secret);
    return { user: claims.identity, token: match[1], claims };
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(`Invalid bearer token: ${err.message}`);
    throw err;
  }
}
