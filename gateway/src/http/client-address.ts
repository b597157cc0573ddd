import type { IncomingMessage } from 'node:http';
import { HEADERS } from '@lotgraph/server';

/** `::ffff:10.0.0.5` (an IPv4 peer of a dual-stack socket) as `10.0.0.5`; anything else as it is. */
function plain(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * The address a client's request came from: the gateway's peer, unless that peer is one of the trusted reverse
 * proxies (LOTGRAPH_TRUSTED_PROXIES); then the nearest address X-Forwarded-For names that is not one of them. A
 * client cannot claim another address by sending X-Forwarded-For itself: only a trusted peer's header is read.
 * A call from a subgraph (gateway secret checked) keeps the address it forwards: its caller's.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxies: readonly string[], fromSubgraph: boolean): string | null {
  if (fromSubgraph) {
    const forwarded = req.headers[HEADERS.clientAddress];
    return (Array.isArray(forwarded) ? forwarded[0] : forwarded) || null;
  }
  const peer = req.socket.remoteAddress ? plain(req.socket.remoteAddress) : null;
  if (!peer || !trustedProxies.includes(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(plain).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!trustedProxies.includes(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}
