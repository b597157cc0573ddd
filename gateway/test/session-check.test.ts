import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyTokenClaims, signToken } from '@lotgraph/server';
import { SessionCheck, type SessionStatus } from '../src/auth/session-check';

const SECRET = 'session-check-test';

/** A stand-in for the compliance subgraph's status endpoint that counts how often it is asked. */
async function statusServer(answer: () => SessionStatus): Promise<{ url: string; asked: () => number; server: Server }> {
  let asked = 0;
  const server = createServer((req, res) => {
    asked += 1;
    const ok = req.headers['x-lotgraph-gateway-secret'] === 'gw' && req.url!.startsWith('/internal/session-status?userId=qa.manager&tokenId=');
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? answer() : { error: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, asked: () => asked, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const GOOD: SessionStatus = { user: { printedName: 'Wang Qiang', roles: ['QA_MANAGER'], enabled: true, tokensValidAfter: null }, tokenRevokedAt: null };
const claims = () => verifyTokenClaims(signToken({ id: 'qa.manager', name: 'Wang Qiang', roles: ['QA_MANAGER'] }, SECRET), SECRET);

describe('the gateway’s session check', () => {
  it('asks the compliance subgraph once per token and lifetime, however often the token is checked', async () => {
    let status = GOOD;
    const compliance = await statusServer(() => status);
    try {
      const sessions = new SessionCheck({ complianceUrl: compliance.url, gatewaySecret: 'gw', ttlMs: 60_000 });
      const token = claims();
      await sessions.check(token);
      for (let i = 0; i < 10_000; i += 1) await sessions.check(token);
      expect(compliance.asked()).toBe(1);

      // The caller is who the account says, whatever the token claims.
      status = { ...GOOD, user: { ...GOOD.user!, printedName: 'Wang Q.', roles: ['OPERATOR'] } };
      sessions.invalidateUser('qa.manager');
      expect(await sessions.check(token)).toEqual({ id: 'qa.manager', name: 'Wang Q.', roles: ['OPERATOR'] });

      // A change the gateway is told of is seen on the next request.
      status = { ...GOOD, user: { ...GOOD.user!, enabled: false } };
      await sessions.check(token);
      sessions.invalidateUser('qa.manager');
      await expect(sessions.check(token)).rejects.toMatchObject({ message: 'Invalid bearer token: user qa.manager is disabled', extensions: { code: 'UNAUTHENTICATED' } });
      expect(compliance.asked()).toBe(3);
    } finally {
      await close(compliance.server);
    }
  });

  it('asks again once an answer is older than its lifetime, and refreshes ahead of that while in use', async () => {
    const compliance = await statusServer(() => GOOD);
    try {
      const sessions = new SessionCheck({ complianceUrl: compliance.url, gatewaySecret: 'gw', ttlMs: 100 });
      const token = claims();
      await sessions.check(token);
      await new Promise((resolve) => setTimeout(resolve, 60));
      await sessions.check(token); // past half its lifetime: answered from the cache, refreshed behind it
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(compliance.asked()).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await sessions.check(token);
      expect(compliance.asked()).toBe(3);
    } finally {
      await close(compliance.server);
    }
  });

  it('refuses a request when the compliance subgraph does not answer', async () => {
    const compliance = await statusServer(() => GOOD);
    await close(compliance.server);
    const sessions = new SessionCheck({ complianceUrl: compliance.url, gatewaySecret: 'gw' });
    await expect(sessions.check(claims())).rejects.toMatchObject({
      message: expect.stringMatching(/^The session of qa.manager could not be checked: the compliance subgraph did not answer \(.*ECONNREFUSED/),
      extensions: { code: 'SESSION_CHECK_UNAVAILABLE', http: { status: 503 } },
    });
  });
});
