import { TokenError, unauthenticated, verifyToken, type Identity } from '@lotgraph/server';

/**
 * Reads the bearer token of a request. No header means an anonymous caller; a header with a bad,
 * forged or expired token is refused outright rather than treated as anonymous.
 */
export function authenticate(authorization: string | undefined, secret: string): { user: Identity; token: string } | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  try {
    return { user: verifyToken(match[1], secret), token: match[1] };
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(`Invalid bearer token: ${err.message}`);
    throw err;
  }
}
