import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getNamedType, isCompositeType, type GraphQLSchema } from 'graphql';
import type { SubgraphServer, SubgraphServerOptions } from './http/subgraph-server';
import { HEADERS, encodeUserHeader } from './context/request-context';
import type { Identity } from './auth/jwt';
import type { DatabaseOptions, SubgraphDatabase } from './database/data-source';
import { createTestDatabase } from './database/test-database';
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, entryHash } from './audit/audit-hash';
import { auditEntryContent, auditEntryFromRow, type AuditEntry, type AuditEntryRow } from './audit/audit-trail';

export const TEST_GATEWAY_SECRET = 'test-gateway-secret';

let testAuditKey: { path: string; createIfMissing: true } | undefined;

/**
 * An audit signing key for a test or benchmark hub on PostgreSQL (a database that outlives the process needs a key
 * file): one per process, made on first use in a fresh temporary directory.
 */
export function throwawayAuditKey(): { path: string; createIfMissing: true } {
  testAuditKey ??= { path: path.join(mkdtempSync(path.join(os.tmpdir(), 'lotgraph-audit-')), 'audit-signing-key.pem'), createIfMissing: true };
  return testAuditKey;
}

const QA_MANAGER: Identity = { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] };

/** Posts a query to a listening subgraph the way the gateway does (shared secret, forwarded caller). */
export async function querySubgraph<T = Record<string, unknown>>(
  server: SubgraphServer,
  query: string,
  variables: Record<string, unknown> = {},
  user: Identity | null = QA_MANAGER,
  /** The caller's bearer token, as the gateway forwards it (a subgraph reads it to revoke it, or to ask the graph). */
  token?: string,
): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET,
      ...(user ? { [HEADERS.user]: encodeUserHeader(user) } : {}),
      ...(user && token ? { [HEADERS.callerToken]: token } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

export interface RunningSubgraph {
  database: SubgraphDatabase;
  server: SubgraphServer;
  stop(): Promise<void>;
}

/** One subgraph on a fresh test database (migrated, optionally seeded), listening on a free port. */
export async function startSubgraphForTest(subgraph: {
  createDatabase(options: DatabaseOptions): SubgraphDatabase;
  createServer(options: SubgraphServerOptions): Promise<SubgraphServer>;
  seed?(database: SubgraphDatabase): Promise<unknown>;
}): Promise<RunningSubgraph> {
  const testDb = await createTestDatabase();
  const database = subgraph.createDatabase(testDb);
  await database.migrate();
  if (subgraph.seed) await subgraph.seed(database);
  const server = await subgraph.createServer({ database, gatewaySecret: TEST_GATEWAY_SECRET });
  await server.listen(0);
  return {
    database,
    server,
    async stop() {
      await server.stop();
      await database.close();
      await testDb.drop();
    },
  };
}

/**
 * What an attacker with DBA rights would do to hide a change: switch the append-only triggers off, edit an
 * entry, re-hash it and every entry after it so the chain verifies again, and switch the triggers back on.
 * Only a signed checkpoint taken before shows it.
 */
export async function rewriteAuditTrail(
  dataSource: DataSource,
  schema: string,
  seq: number,
  edit: Partial<Pick<AuditEntry, 'actorId' | 'actorName' | 'reason' | 'changes'>>,
): Promise<void> {
  const table = `"${schema}".audit_entry`;
  await dataSource.transaction(async (manager) => {
    await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    const rows: AuditEntryRow[] = await manager.query(`SELECT * FROM ${table} WHERE seq >= $1 ORDER BY seq`, [seq - 1]);
    let previousHash = GENESIS_HASH;
    for (const row of rows) {
      const entry = auditEntryFromRow(schema, row);
      if (entry.seq < seq) {
        previousHash = entry.hash;
        continue;
      }
      const rewritten = entry.seq === seq ? { ...entry, ...edit } : entry;
      const hash = entryHash(auditEntryContent(rewritten), previousHash);
      await manager.query(
        `UPDATE ${table} SET actor_id = $2, actor_name = $3, reason = $4, changes = $5::jsonb, previous_hash = $6, hash = $7 WHERE seq = $1`,
        [entry.seq, rewritten.actorId, rewritten.actorName, rewritten.reason, JSON.stringify(rewritten.changes), previousHash, hash],
      );
      previousHash = hash;
    }
    await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

/**
 * A call of every Query or Mutation field of a schema, arguments passed as variables and only `__typename`
 * selected: valid against the schema, so an authorization check (which runs before execution) answers it.
 * Sent without variables it cannot run, so a call that is not refused fails on its missing arguments.
 */
export function rootFieldCalls(schema: GraphQLSchema, operation: 'query' | 'mutation'): Array<{ field: string; query: string }> {
  const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root?.getFields() ?? {})
    .filter((field) => !field.name.startsWith('_'))
    .map((field) => {
      const variables = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
      return {
        field: `${root!.name}.${field.name}`,
        query: `${operation}${variables ? ` (${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
      };
    });
}

/**
 * A fingerprint of every row of a subgraph's tables except its audit trail, per table: equal before and after a
 * request means the request changed nothing.
 */
export async function contentFingerprint(database: SubgraphDatabase): Promise<Record<string, string>> {
  const tables: Array<{ table_name: string }> = await database.dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'audit_entry' ORDER BY table_name`,
    [database.schema],
  );
  const fingerprint: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const [row]: Array<{ digest: string }> = await database.dataSource.query(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${database.schema}"."${table}" t`,
    );
    fingerprint[table] = row.digest;
  }
  return fingerprint;
}
