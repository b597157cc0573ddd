import jwt from 'jsonwebtoken';
import { ConfigError, loadConfig } from '../src/config/config';
import { TokenError, issueToken, readTokenClaims, signToken, verifyToken, verifyTokenClaims } from '../src/auth/jwt';
import { decodeUserHeader, encodeUserHeader } from '../src/context/request-context';

describe('bearer tokens', () => {
  const user = { id: 'qa.manager', name: 'Wang Qiang', roles: ['QA_MANAGER' as const] };

  it('carry who the caller is and which roles they have', () => {
    expect(verifyToken(signToken(user, 's3cret'), 's3cret')).toEqual(user);
  });

  it('are refused when signed with another secret, expired, or naming an unknown role', () => {
    expect(() => verifyToken(signToken(user, 'other'), 's3cret')).toThrow(new TokenError('token rejected: invalid signature'));
    expect(() => verifyToken(signToken(user, 's3cret', -1), 's3cret')).toThrow(/^token expired at /);
    const superuser = signToken({ ...user, roles: ['SUPERUSER' as never] }, 's3cret');
    expect(() => verifyToken(superuser, 's3cret')).toThrow('token names an unknown role: SUPERUSER');
  });

  it('are refused without an expiry or an issue time, or issued in the future', () => {
    const sign = (claims: object, options: jwt.SignOptions = {}) => jwt.sign({ name: user.name, roles: user.roles, ...claims }, 's3cret', { algorithm: 'HS256', subject: user.id, issuer: 'lotgraph', ...options });
    expect(() => verifyToken(sign({}), 's3cret')).toThrow(new TokenError('token has no expiry (exp); log in for a new token'));
    expect(() => verifyToken(sign({}, { noTimestamp: true, expiresIn: 60 }), 's3cret')).toThrow(new TokenError('token has no issue time (iat); log in for a new token'));
    const tomorrow = Math.floor(Date.now() / 1000) + 86_400;
    expect(() => verifyToken(sign({ iat: tomorrow, exp: tomorrow + 60 }), 's3cret')).toThrow(/^token claims to be issued in the future \(\d{4}-/);
    // A few seconds ahead is a clock a little fast, not a forgery.
    const soon = Math.floor(Date.now() / 1000) + 5;
    expect(verifyToken(sign({ iat: soon, exp: soon + 60 }), 's3cret')).toEqual(user);
  });

  it('are read whichever HS256 library signed them with the shared secret', () => {
    const elsewhere = jwt.sign({ name: user.name, roles: user.roles }, 's3cret', { algorithm: 'HS256', subject: user.id, issuer: 'lotgraph', expiresIn: '5m' });
    expect(verifyToken(elsewhere, 's3cret')).toEqual(user);
    expect(jwt.verify(signToken(user, 's3cret'), 's3cret')).toMatchObject({ sub: user.id, roles: user.roles });
  });

  it('each have their own id and an issue time to the millisecond, so a password change can void older ones exactly', () => {
    const before = Date.now();
    const first = issueToken(user, 's3cret', '15m');
    const second = issueToken(user, 's3cret', '15m');
    expect(first.tokenId).not.toBe(second.tokenId);
    const claims = verifyTokenClaims(first.token, 's3cret');
    expect(claims).toEqual({ identity: user, tokenId: first.tokenId, issuedAt: first.issuedAt, expiresAt: first.expiresAt });
    expect(first.issuedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(first.expiresAt.getTime() - first.issuedAt.getTime()).toBeGreaterThan(14 * 60_000);
    expect(first.expiresAt.getTime() - first.issuedAt.getTime()).toBeLessThanOrEqual(15 * 60_000);
    expect(readTokenClaims(first.token)).toEqual({ tokenId: first.tokenId, issuedAt: first.issuedAt, expiresAt: first.expiresAt });
    // A lifetime given as a bare number of seconds is seconds, not milliseconds.
    const { issuedAt, expiresAt } = issueToken(user, 's3cret', '900');
    expect(Math.round((expiresAt.getTime() - issuedAt.getTime()) / 60_000)).toBe(15);
  });

  it('travel to subgraphs as a header that survives names in any script', () => {
    const caller = { id: 'operator', name: '李娜', roles: ['OPERATOR' as const] };
    expect(decodeUserHeader(encodeUserHeader(caller))).toEqual(caller);
    expect(decodeUserHeader('not base64 json')).toBeNull();
  });
});

describe('configuration', () => {
  it('defaults to the embedded database with development secrets', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, embedded: true, seedDemo: true, databaseUrl: undefined });
    expect(config.dataDir).toMatch(/\.lotgraph[\\/]data$/);
  });

  it('demands real secrets when pointed at PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/lotgraph' })).toThrow(
      new ConfigError('LOTGRAPH_JWT_SECRET must be set when DATABASE_URL is set: the built-in development secret is only for the embedded demo'),
    );
    const config = loadConfig({ DATABASE_URL: 'postgres://db/lotgraph', LOTGRAPH_JWT_SECRET: 'a', LOTGRAPH_GATEWAY_SECRET: 'b' });
    expect(config).toMatchObject({ embedded: false, seedDemo: false, jwtSecret: 'a', gatewaySecret: 'b' });
  });

  it('takes the browser origins allowed to call the gateway, and refuses what is not an origin', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ LOTGRAPH_CORS_ORIGINS: 'https://qms.example.com, http://localhost:5173/' }).corsOrigins).toEqual(['https://qms.example.com', 'http://localhost:5173']);
    expect(loadConfig({ LOTGRAPH_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ LOTGRAPH_CORS_ORIGINS: 'https://qms.example.com/app' })).toThrow(
      new ConfigError('LOTGRAPH_CORS_ORIGINS: "https://qms.example.com/app" is not an origin; give scheme, host and port only, e.g. https://qms.example.com or http://localhost:5173'),
    );
    expect(() => loadConfig({ LOTGRAPH_CORS_ORIGINS: 'qms.example.com' })).toThrow(/"qms.example.com" is not an origin/);
  });

  it('never serves the development secrets beyond this machine', () => {
    expect(() => loadConfig({ LOTGRAPH_HOST: '0.0.0.0' })).toThrow(
      'LOTGRAPH_JWT_SECRET must be set when LOTGRAPH_HOST (0.0.0.0) is not a loopback address: anyone who can reach it could forge tokens with the built-in development secret',
    );
    const strong = { LOTGRAPH_JWT_SECRET: 'q3Vd8Zp1LkR7tY0wXe5NfHa2GcU9mBs4', LOTGRAPH_GATEWAY_SECRET: 'T6yhJ2kLp9QwE4rZx1CvB8nM3aS7dF0g' };
    const config = loadConfig({ LOTGRAPH_HOST: '0.0.0.0', ...strong });
    expect(config).toMatchObject({ embedded: true, devSecrets: false });
    expect(loadConfig({}).devSecrets).toBe(true);
  });

  it('refuses a published or weak secret off loopback, set explicitly or not', () => {
    const offLoopback = (env: Record<string, string>) => () => loadConfig({ LOTGRAPH_HOST: '0.0.0.0', LOTGRAPH_GATEWAY_SECRET: 'T6yhJ2kLp9QwE4rZx1CvB8nM3aS7dF0g', ...env });
    expect(offLoopback({ LOTGRAPH_JWT_SECRET: 'lotgraph-embedded-dev-secret-not-for-production' })).toThrow(
      'LOTGRAPH_JWT_SECRET is refused while LOTGRAPH_HOST (0.0.0.0) is not a loopback address: it is published (a built-in development secret or a well-known example). Make one with: openssl rand -base64 48',
    );
    expect(offLoopback({ LOTGRAPH_JWT_SECRET: 'a' })).toThrow('LOTGRAPH_JWT_SECRET is refused while LOTGRAPH_HOST (0.0.0.0) is not a loopback address: it has 1 characters; at least 32 are needed. Make one with: openssl rand -base64 48');
    expect(offLoopback({ LOTGRAPH_JWT_SECRET: 'ab'.repeat(20) })).toThrow(/: it repeats a few characters; use a random one\./);
    expect(() => loadConfig({ LOTGRAPH_HOST: '10.1.2.3', LOTGRAPH_JWT_SECRET: 'q3Vd8Zp1LkR7tY0wXe5NfHa2GcU9mBs4', LOTGRAPH_GATEWAY_SECRET: 'lotgraph-embedded-gateway-secret' })).toThrow(
      /^LOTGRAPH_GATEWAY_SECRET is refused while LOTGRAPH_HOST \(10.1.2.3\) is not a loopback address: it is published/,
    );
    // On loopback only this machine can reach the hub: a short secret is the operator's business.
    expect(loadConfig({ LOTGRAPH_JWT_SECRET: 'a', LOTGRAPH_GATEWAY_SECRET: 'b' }).jwtSecret).toBe('a');
  });

  it('locks accounts for 15 minutes after wrong passwords unless told otherwise, and reads the trusted proxies', () => {
    expect(loadConfig({}).lockoutMs).toBe(15 * 60_000);
    expect(loadConfig({ LOTGRAPH_LOCKOUT: '1h' }).lockoutMs).toBe(3_600_000);
    expect(loadConfig({ LOTGRAPH_LOCKOUT: 'off' }).lockoutMs).toBe(0);
    expect(() => loadConfig({ LOTGRAPH_LOCKOUT: 'forever' })).toThrow('LOTGRAPH_LOCKOUT must be a period such as 900 (seconds), 15m or 1h, or off, got "forever"');
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ LOTGRAPH_TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3' }).trustedProxies).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it("points a subgraph run on its own at the gateway on this machine unless told where it is", () => {
    expect(loadConfig({}).gatewayUrl).toBe('http://127.0.0.1:4000/graphql');
    expect(loadConfig({ PORT: '8080' }).gatewayUrl).toBe('http://127.0.0.1:8080/graphql');
    expect(loadConfig({ LOTGRAPH_GATEWAY_URL: 'https://lotgraph.plant.example/graphql' }).gatewayUrl).toBe('https://lotgraph.plant.example/graphql');
  });

  it('allows 30 aliased fields per operation unless told otherwise', () => {
    expect(loadConfig({}).maxAliases).toBe(30);
    expect(loadConfig({ LOTGRAPH_MAX_ALIASES: '100' }).maxAliases).toBe(100);
    expect(() => loadConfig({ LOTGRAPH_MAX_ALIASES: 'many' })).toThrow('LOTGRAPH_MAX_ALIASES must be a non-negative whole number, got "many"');
  });

  it('names the variable that holds a bad number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT must be a non-negative whole number, got "eighty"');
  });

  it('issues tokens that live 15 minutes unless told otherwise, and refuses a lifetime it cannot read', () => {
    expect(loadConfig({}).tokenTtl).toBe('15m');
    expect(loadConfig({ LOTGRAPH_TOKEN_TTL: '2h' }).tokenTtl).toBe('2h');
    expect(() => loadConfig({ LOTGRAPH_TOKEN_TTL: 'forever' })).toThrow('LOTGRAPH_TOKEN_TTL must be a lifetime such as 900 (seconds), 15m, 8h or 1d, got "forever"');
  });
});
