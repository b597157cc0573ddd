import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../src/http/client-address';

const request = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;

describe('the client address failed logins are throttled by', () => {
  it('is the peer, whatever X-Forwarded-For a client sends, unless the peer is a trusted proxy', () => {
    expect(clientAddressOf(request('::ffff:10.0.0.5'), [], false)).toBe('10.0.0.5');
    expect(clientAddressOf(request('10.0.0.5', { 'x-forwarded-for': '1.2.3.4' }), [], false)).toBe('10.0.0.5');
    expect(clientAddressOf(request('10.0.0.5', { 'x-forwarded-for': '1.2.3.4' }), ['10.0.0.9'], false)).toBe('10.0.0.5');
  });

  it('behind trusted proxies, is the nearest address they were given that is not one of them', () => {
    const proxies = ['10.0.0.9', '10.0.0.8'];
    expect(clientAddressOf(request('10.0.0.9', { 'x-forwarded-for': '203.0.113.7' }), proxies, false)).toBe('203.0.113.7');
    // A client that prepends a made-up address gets its own real one: the proxy appended it last.
    expect(clientAddressOf(request('10.0.0.9', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.8' }), proxies, false)).toBe('203.0.113.7');
    expect(clientAddressOf(request('10.0.0.9'), proxies, false)).toBe('10.0.0.9');
  });

  it('is what a subgraph forwards when it asks the graph for its caller', () => {
    expect(clientAddressOf(request('127.0.0.1', { 'x-lotgraph-client-address': '203.0.113.7' }), [], true)).toBe('203.0.113.7');
    expect(clientAddressOf(request('127.0.0.1', { 'x-lotgraph-client-address': '203.0.113.7' }), [], false)).toBe('127.0.0.1');
  });
});
