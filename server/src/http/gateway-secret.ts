import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether a call carries the gateway secret: the gateway's own, or a subgraph's asking the graph. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  // Hashed first, so the comparison takes the same time whatever the length of what was sent.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
