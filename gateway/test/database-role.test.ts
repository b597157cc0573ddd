import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { APP_ROLE, createTestDatabase, type LotGraphConfig, type SubgraphDatabase } from '@lotgraph/server';
import { SUBGRAPH_NAMES } from '@lotgraph/schema';
import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { openDatabases, seedDemoPlant, startHub } from '../src/hub/hub';
import { doctor } from '../src/cli/doctor-command';
import { runDemoExcursion } from '../src/demo/demo-excursion';
import { runDemoCapa } from '../src/demo/demo-capa';
import { SUBGRAPHS } from '../src/hub/subgraph-registry';
import { testConfig } from './support/test-graph';

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/** What lotgraph_app may do to each table of the four schemas, e.g. `batch.audit_entry` → `SELECT,INSERT`. */
async function appPrivileges(database: SubgraphDatabase): Promise<Record<string, string>> {
  const rows: Array<{ name: string; privileges: string }> = await database.dataSource.query(
    `SELECT format('%s.%s', n.nspname, c.relname) AS name,
            array_to_string(array(SELECT p FROM unnest($2::text[]) WITH ORDINALITY AS u(p, i) WHERE has_table_privilege($3, c.oid, p) ORDER BY i), ',') AS privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')`,
    [[...SUBGRAPH_NAMES], PRIVILEGES, APP_ROLE],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.privileges]));
}

/** Prints what `npx lotgraph doctor` prints for a configuration; the exit code it would have. */
async function runDoctor(config: LotGraphConfig): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  const saved = process.exitCode;
  process.exitCode = 0;
  try {
    await doctor(() => config);
    return { lines, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    process.exitCode = saved;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const AUDIT_TABLES = SUBGRAPH_NAMES.map((schema) => `${schema}.audit_entry`);
const REWRITES = (table: string) => [
  `UPDATE ${table} SET reason = 'rewritten'`,
  `DELETE FROM ${table}`,
  `TRUNCATE ${table}`,
  `ALTER TABLE ${table} DISABLE TRIGGER USER`,
];

describe(`the ${APP_ROLE} role the migrations make`, () => {
  it('may read and change ordinary tables, only read and append to the append-only ones (audit entries, signatures), only read the migrations, and delete or truncate nothing', async () => {
    const db = await createTestDatabase();
    const databases = await openDatabases(testConfig(db));
    try {
      const granted = await appPrivileges(databases.batch!);
      for (const table of AUDIT_TABLES) expect([table, granted[table]]).toEqual([table, 'SELECT,INSERT']);
      for (const schema of ['batch', 'quality', 'capa']) expect(granted[`${schema}.e_signature`]).toBe('SELECT,INSERT');
      for (const schema of SUBGRAPH_NAMES) expect(granted[`${schema}.migrations`]).toBe('SELECT');
      expect(granted['batch.outbox_message']).toBe('SELECT,INSERT,UPDATE');
      expect(granted['compliance.user_session']).toBe('SELECT,INSERT,UPDATE');
      expect(Object.entries(granted).filter(([, privileges]) => /DELETE|TRUNCATE|REFERENCES|TRIGGER/.test(privileges))).toEqual([]);

      // Whatever a later migration adds: a table whose trigger refuses UPDATE is not one the role may update.
      const guarded: Array<{ name: string }> = await databases.batch!.dataSource.query(
        `SELECT DISTINCT format('%s.%s', n.nspname, c.relname) AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND NOT t.tgisinternal AND t.tgtype & 2 = 2 AND t.tgtype & 16 = 16`,
        [[...SUBGRAPH_NAMES]],
      );
      expect(guarded.length).toBeGreaterThanOrEqual(AUDIT_TABLES.length + 3);
      expect(guarded.filter(({ name }) => granted[name] !== 'SELECT,INSERT')).toEqual([]);
    } finally {
      for (const database of Object.values(databases)) await database.close();
      await db.drop();
    }
  });

  it(`as ${APP_ROLE}, the database refuses to update, delete, truncate an audit table or switch its triggers off (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, SET ROLE)`, async () => {
    const db = await createTestDatabase();
    const databases = await openDatabases(testConfig(db), ['batch']);
    const runner = databases.batch!.dataSource.createQueryRunner();
    const asApp = async (sql: string) => {
      await runner.startTransaction();
      try {
        await runner.query(`SET LOCAL ROLE ${APP_ROLE}`);
        return await runner.query(sql);
      } finally {
        await runner.rollbackTransaction();
      }
    };
    try {
      expect(await asApp('SELECT count(*)::int AS n FROM batch.audit_entry')).toEqual([{ n: 0 }]);
      const [update, remove, truncate, disable] = REWRITES('batch.audit_entry');
      await expect(asApp(update)).rejects.toThrow('permission denied for table audit_entry');
      await expect(asApp(remove)).rejects.toThrow('permission denied for table audit_entry');
      await expect(asApp(truncate)).rejects.toThrow('permission denied for table audit_entry');
      await expect(asApp(disable)).rejects.toThrow('must be owner of table audit_entry');
    } finally {
      await runner.release();
      await databases.batch!.close();
      await db.drop();
    }
  });

  if (process.env.DATABASE_URL) {
    it(`on PostgreSQL: migrated by the owner, the hub runs as a LOGIN member of ${APP_ROLE} through the excursion and CAPA demos; that member is refused rewriting any audit table, and doctor fails the superuser, passes the member`, async () => {
      const db = await createTestDatabase();
      const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-role-'));
      const member = `lotgraph_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new Client({ connectionString: db.databaseUrl });
      await admin.connect();
      const memberUrl = new URL(db.databaseUrl!);
      memberUrl.username = member;
      memberUrl.password = 'member-password';
      let stopHub = async (): Promise<void> => undefined;
      try {
        const keyFile = path.join(dir, 'audit-key.pem');
        writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
        const auditKey = { path: keyFile, createIfMissing: false };
        // The owner (postgres here) migrates and loads the demo plant: `npx lotgraph migrate`, `npx lotgraph seed`.
        const owned = await openDatabases(testConfig(db, { auditKey }));
        await seedDemoPlant(owned);
        for (const database of Object.values(owned)) await database.close();
        await admin.query(`CREATE ROLE ${member} LOGIN PASSWORD 'member-password' IN ROLE ${APP_ROLE}`);

        const asOwner = testConfig(db, { auditKey });
        const superuser = await runDoctor(asOwner);
        expect(superuser.lines).toContain(`FAIL  database role: the hub runs as superuser postgres: it could rewrite audit tables; run it as a member of ${APP_ROLE} — see README`);
        expect(superuser.lines).toContainEqual(expect.stringMatching(
          /^FAIL {2}audit tables: the hub runs as postgres, a superuser, who acts as the owner of batch\.audit_entry, capa\.audit_entry, compliance\.audit_entry, integration\.audit_entry, quality\.audit_entry, \d+ other append-only tables: it could rewrite audit tables; /,
        ));
        expect(superuser.exitCode).toBe(1);

        const asMember = testConfig({ ...db, databaseUrl: memberUrl.toString() }, { seedDemo: false, auditKey });
        const report = await runDoctor(asMember);
        expect(report.lines).toEqual([
          expect.stringMatching(new RegExp(`^${escape(`OK    database: PostgreSQL ${memberUrl.host}${memberUrl.pathname} reachable as ${member} (PostgreSQL `)}\\d+`)),
          'OK    migrations: batch, quality, capa, compliance, integration up to date',
          `OK    database role: ${member} is not a superuser`,
          expect.stringMatching(new RegExp(`^OK {4}audit tables: ${member} may only read and append to the 5 audit tables and \\d+ other append-only tables$`)),
          expect.stringMatching(/^OK {4}audit signing key: .*audit-key\.pem \(key [0-9a-f]{16}…\), readable by its owner only$/),
          'OK    secrets: LOTGRAPH_JWT_SECRET and LOTGRAPH_GATEWAY_SECRET are set',
        ]);
        expect(report.exitCode).toBe(0);

        const count = async () => (await admin.query(SUBGRAPH_NAMES.map((s) => `SELECT '${s}' AS schema, count(*)::int AS n FROM ${s}.audit_entry`).join(' UNION ALL '))).rows;
        const before = Object.fromEntries((await count()).map((row) => [row.schema, row.n]));
        const hub = await startHub(asMember, { port: 0 });
        stopHub = () => hub.stop();
        const excursion = await runDemoExcursion({ url: hub.url, password: DEMO_PASSWORD, log: () => undefined, pauseMs: 0 });
        expect(excursion.exception.affectedLots.map((affected) => [affected.lot.lotNumber, affected.lot.status]).sort()).toEqual([
          ['BRL-2611-015', 'ON_HOLD'],
          ['SYR3-2611-0007', 'ON_HOLD'],
        ]);
        const capa = await runDemoCapa({ url: hub.url, password: DEMO_PASSWORD, log: () => undefined, pauseMs: 0 });
        expect(capa).toMatchObject({ capaStatus: 'CLOSED', exceptionStatus: 'CLOSED' });
        expect(capa.signatures.every((signature) => signature.valid)).toBe(true);
        const after = Object.fromEntries((await count()).map((row) => [row.schema, row.n]));
        for (const schema of ['batch', 'quality', 'capa']) expect([schema, after[schema] > before[schema]]).toEqual([schema, true]);
        await stopHub();
        stopHub = async () => undefined;
        // The background work (holds, raised exceptions, webhooks through the outboxes) ran under the role too.
        const refused = await admin.query(
          ['batch', 'quality', 'capa'].map((s) => `SELECT topic, last_error FROM ${s}.outbox_message WHERE last_error ILIKE '%permission denied%'`).join(' UNION ALL '),
        );
        expect(refused.rows).toEqual([]);

        const asApp = new Client({ connectionString: memberUrl.toString() });
        await asApp.connect();
        try {
          for (const table of [...AUDIT_TABLES, 'capa.e_signature']) {
            const [update, remove, truncate, disable] = REWRITES(table);
            const name = table.split('.')[1];
            await expect(asApp.query(update)).rejects.toThrow(`permission denied for table ${name}`);
            await expect(asApp.query(remove)).rejects.toThrow(`permission denied for table ${name}`);
            await expect(asApp.query(truncate)).rejects.toThrow(`permission denied for table ${name}`);
            await expect(asApp.query(disable)).rejects.toThrow(`must be owner of table ${name}`);
          }
        } finally {
          await asApp.end();
        }
        expect(Object.fromEntries((await count()).map((row) => [row.schema, row.n]))).toEqual(after);

        // A hub started under the role before the owner migrated: it says so, and tries no DDL.
        await admin.query(`DELETE FROM batch.migrations WHERE name = 'CreateBatchOutbox1764800100000'`);
        const batch = SUBGRAPHS.batch.createDatabase({ databaseUrl: memberUrl.toString(), dataDir: '' });
        await expect(batch.migrate().finally(() => batch.close())).rejects.toThrow(
          `batch: migrations pending (CreateBatchOutbox1764800100000), and ${member} does not own schema batch: run \`npx lotgraph migrate\` with the owner's DATABASE_URL first`,
        );
      } finally {
        await stopHub();
        await admin.end();
        await db.drop();
        const server = new Client({ connectionString: process.env.DATABASE_URL });
        await server.connect();
        await server.query(`DROP ROLE IF EXISTS ${member}`).finally(() => server.end());
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it('embedded: doctor says the role checks do not apply to the single-user embedded database, and checks the rest', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-role-'));
      const dataDir = path.join(dir, 'data');
      try {
        const config = testConfig({ dataDir, drop: async () => undefined }, { devSecrets: true, auditKey: { path: path.join(dataDir, 'audit-signing-key.pem'), createIfMissing: true } });
        const databases = await openDatabases(config);
        for (const database of Object.values(databases)) await database.close();
        const report = await runDoctor(config);
        expect(report.lines).toEqual([
          expect.stringMatching(/^OK {4}database: embedded PGlite in .+ reachable as postgres \(PostgreSQL \d+\.\d+\)$/),
          'OK    migrations: batch, quality, capa, compliance, integration up to date',
          'OK    database role: does not apply: the embedded database is single-user, open to this process only',
          // Opening the databases made the key every audit entry is signed with.
          expect.stringMatching(new RegExp(`^OK {4}audit signing key: ${dataDir}/audit-signing-key\\.pem \\(key [0-9a-f]{16}…\\), readable by its owner only$`)),
          'OK    secrets: the built-in development secrets, on loopback (127.0.0.1) only: the embedded demo',
        ]);
        expect(report.exitCode).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
