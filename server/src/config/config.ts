import path from 'node:path';

export interface LotGraphConfig {
  /** Gateway port (PORT). */
  port: number;
  /** Address every process binds to. */
  host: string;
  /** Real PostgreSQL when set; otherwise the embedded PGlite database. */
  databaseUrl?: string;
  /** Where the embedded database keeps its files; `memory://` keeps it in memory. */
  dataDir: string;
  /** HS256 secret for bearer tokens. */
  jwtSecret: string;
  /**
   * How long an account stays locked after 3 wrong passwords in a row (LOTGRAPH_LOCKOUT, default 15m), in ms; 0
   * (`off`): until an ADMIN unlocks it. Either way an ADMIN (or `npx lotgraph user unlock`) can unlock it sooner.
   */
  lockoutMs: number;
  /**
   * Addresses of the reverse proxies in front of the gateway (LOTGRAPH_TRUSTED_PROXIES, comma-separated): from them,
   * the client's address is read from X-Forwarded-For (failed logins are throttled per client address).
   */
  trustedProxies: string[];
  /** Lifetime of the tokens login issues (and of `npx lotgraph token`): a number of seconds or e.g. `15m`, `2h`. */
  tokenTtl: string;
  /** Shared secret the gateway sends to subgraphs; subgraphs refuse calls without it. */
  gatewaySecret: string;
  /** Largest selection depth a query may have. */
  maxDepth: number;
  /** Largest estimated cost a query may have. */
  maxCost: number;
  /** Most aliased fields an operation may have (so it cannot ask one field a thousand times). */
  maxAliases: number;
  /**
   * GraphQL URL of the gateway, for a subgraph run on its own that asks another domain through the graph
   * (the embedded hub's subgraphs use the hub's own gateway).
   */
  gatewayUrl: string;
  /** Subgraph URLs for a gateway that does not run the subgraphs itself. */
  subgraphUrls: Partial<Record<string, string>>;
  /** Load the demo plant on first start of an empty database. */
  seedDemo: boolean;
  /** Whether the settings are the embedded development defaults. */
  embedded: boolean;
  /** The built-in development secrets are in use (only ever on a loopback address). */
  devSecrets: boolean;
  /**
   * PEM file of the Ed25519 private key that signs audit checkpoints (LOTGRAPH_AUDIT_KEY). In the embedded
   * default a key is made on first use under the data directory; otherwise it must be given.
   */
  auditKey?: { path: string; createIfMissing: boolean };
  /**
   * Directory of the public keys of earlier audit signing keys (LOTGRAPH_AUDIT_PUBLIC_KEYS), trusted when checking
   * entries they signed; default `audit-public-keys` beside the key file. The hub keeps its own key's there.
   */
  auditPublicKeys?: string;
  /**
   * Where the hub writes the audit checkpoints it signs (LOTGRAPH_AUDIT_CHECKPOINT_DIR); default `audit-checkpoints`
   * beside the embedded data directory, or beside the key file.
   */
  auditCheckpointDir?: string;
  /** How often the hub signs a checkpoint (LOTGRAPH_AUDIT_CHECKPOINT_INTERVAL, default 1h; `off`: only on shutdown), in ms. */
  auditCheckpointEveryMs?: number;
  /** MQTT broker the quality domain takes process readings from (LOTGRAPH_MQTT_URL); no MQTT ingest when unset. */
  mqttUrl?: string;
  /**
   * The ingest's MQTT client id (LOTGRAPH_MQTT_CLIENT_ID, default lotgraph-quality-ingest): its session, kept by the
   * broker between restarts. Two processes must not share one: the broker lets only one connection hold it.
   */
  mqttClientId?: string;
  /**
   * Browser origins whose pages may call the gateway (LOTGRAPH_CORS_ORIGINS, comma-separated, or `*`): a front end
   * served from another origin. None unless set: only same-origin pages and non-browser clients.
   */
  corsOrigins?: string[];
  /**
   * Where people reach the gateway (LOTGRAPH_PUBLIC_URL, e.g. https://lotgraph.example.com): the address reports name
   * as their source. Unset: the address the request came to.
   */
  publicUrl?: string;
}

const DEV_JWT_SECRET = 'lotgraph-embedded-dev-secret-not-for-production';
const DEV_GATEWAY_SECRET = 'lotgraph-embedded-gateway-secret';

/** Secrets anyone can read (this source, the docs' examples): never accepted where the network reaches. */
const PUBLISHED_SECRETS = new Set([DEV_JWT_SECRET, DEV_GATEWAY_SECRET, 'secret', 'changeme', 'change-me', 'password', 'lotgraph']);

/** The shortest secret accepted off loopback: 32 characters, about what `openssl rand -base64 24` prints. */
export const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative whole number, got "${raw}"`);
  }
  return value;
}

/** A lifetime the token signer understands: whole seconds, or a number with s, m, h or d. */
function duration(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d*\s*(s|m|h|d)?$/.test(raw.trim())) {
    throw new ConfigError(`${name} must be a lifetime such as 900 (seconds), 15m, 8h or 1d, got "${raw}"`);
  }
  return raw.trim();
}

/** Why a secret may not guard a hub the network reaches, or null when it may. */
export function weakSecretReason(value: string): string | null {
  if (PUBLISHED_SECRETS.has(value.trim().toLowerCase()) || PUBLISHED_SECRETS.has(value)) return 'it is published (a built-in development secret or a well-known example)';
  if (value.length < MIN_SECRET_LENGTH) return `it has ${value.length} characters; at least ${MIN_SECRET_LENGTH} are needed`;
  if (new Set(value).size < 8) return 'it repeats a few characters; use a random one';
  return null;
}

function secret(env: NodeJS.ProcessEnv, name: string, embedded: boolean, host: string, devValue: string): string {
  const value = env[name];
  if (value) {
    const weak = isLoopback(host) ? null : weakSecretReason(value);
    if (weak) {
      throw new ConfigError(`${name} is refused while LOTGRAPH_HOST (${host}) is not a loopback address: ${weak}. Make one with: openssl rand -base64 48`);
    }
    return value;
  }
  if (!embedded) {
    throw new ConfigError(`${name} must be set when DATABASE_URL is set: the built-in development secret is only for the embedded demo`);
  }
  if (!isLoopback(host)) {
    throw new ConfigError(`${name} must be set when LOTGRAPH_HOST (${host}) is not a loopback address: anyone who can reach it could forge tokens with the built-in development secret`);
  }
  return devValue;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function auditKey(env: NodeJS.ProcessEnv, embedded: boolean, dataDir: string): LotGraphConfig['auditKey'] {
  if (env.LOTGRAPH_AUDIT_KEY) return { path: path.resolve(env.LOTGRAPH_AUDIT_KEY), createIfMissing: false };
  if (embedded && !dataDir.startsWith('memory://')) return { path: path.join(dataDir, 'audit-signing-key.pem'), createIfMissing: true };
  return undefined;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A period such as 900 (seconds), 15m or 1h, in milliseconds; `off` is 0. */
function period(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw === 'off') return 0;
  const match = /^([1-9]\d*)\s*(s|m|h|d)?$/.exec(raw);
  if (!match) throw new ConfigError(`${name} must be a period such as 900 (seconds), 15m or 1h, or off, got "${raw}"`);
  return Number(match[1]) * UNIT_MS[match[2] ?? 's'];
}

/** Each origin as a browser sends it (scheme, host, port; no path), or `*` for any. */
function corsOrigins(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.LOTGRAPH_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  return listed.map((origin) => {
    if (origin === '*') return origin;
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`LOTGRAPH_CORS_ORIGINS: "${origin}" is not an origin; give scheme, host and port only, e.g. https://qms.example.com or http://localhost:5173`);
    }
    return url.origin;
  });
}

/** Where people reach the gateway: an http or https URL (a path prefix is kept, a trailing slash dropped). */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.LOTGRAPH_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.host || url.search || url.hash) {
    throw new ConfigError(`LOTGRAPH_PUBLIC_URL: "${raw}" is not an http or https URL where people reach the gateway, e.g. https://lotgraph.example.com`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LotGraphConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  const embedded = !databaseUrl;
  const host = env.LOTGRAPH_HOST || '127.0.0.1';
  const jwtSecret = secret(env, 'LOTGRAPH_JWT_SECRET', embedded, host, DEV_JWT_SECRET);
  const gatewaySecret = secret(env, 'LOTGRAPH_GATEWAY_SECRET', embedded, host, DEV_GATEWAY_SECRET);
  const subgraphUrls: Record<string, string> = {};
  for (const name of ['batch', 'quality', 'capa', 'compliance', 'integration']) {
    const url = env[`LOTGRAPH_${name.toUpperCase()}_URL`];
    if (url) subgraphUrls[name] = url;
  }
  const port = integer(env, 'PORT', 4000);
  const dataDir = env.LOTGRAPH_DATA_DIR || path.resolve('.lotgraph', 'data');
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    jwtSecret,
    lockoutMs: period(env, 'LOTGRAPH_LOCKOUT', 15 * UNIT_MS.m),
    trustedProxies: (env.LOTGRAPH_TRUSTED_PROXIES ?? '').split(',').map((address) => address.trim()).filter(Boolean),
    // Short-lived: a stolen token is of little use for long, and login is cheap (Part 11 session control).
    tokenTtl: duration(env, 'LOTGRAPH_TOKEN_TTL', '15m'),
    gatewaySecret,
    maxDepth: integer(env, 'LOTGRAPH_MAX_DEPTH', 12),
    maxCost: integer(env, 'LOTGRAPH_MAX_COST', 20000),
    maxAliases: integer(env, 'LOTGRAPH_MAX_ALIASES', 30),
    gatewayUrl: env.LOTGRAPH_GATEWAY_URL || `http://127.0.0.1:${port}/graphql`,
    subgraphUrls,
    seedDemo: env.LOTGRAPH_SEED_DEMO ? env.LOTGRAPH_SEED_DEMO !== 'false' : embedded,
    embedded,
    devSecrets: jwtSecret === DEV_JWT_SECRET,
    auditKey: auditKey(env, embedded, dataDir),
    auditPublicKeys: env.LOTGRAPH_AUDIT_PUBLIC_KEYS ? path.resolve(env.LOTGRAPH_AUDIT_PUBLIC_KEYS) : undefined,
    auditCheckpointDir: env.LOTGRAPH_AUDIT_CHECKPOINT_DIR ? path.resolve(env.LOTGRAPH_AUDIT_CHECKPOINT_DIR) : undefined,
    auditCheckpointEveryMs: period(env, 'LOTGRAPH_AUDIT_CHECKPOINT_INTERVAL', UNIT_MS.h),
    mqttUrl: env.LOTGRAPH_MQTT_URL || undefined,
    mqttClientId: env.LOTGRAPH_MQTT_CLIENT_ID || undefined,
    corsOrigins: corsOrigins(env),
    publicUrl: publicUrl(env),
  };
}
