import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type LotGraphConfig } from '@lotgraph/server';
import { doctor } from '../src/cli/doctor-command';
import { run } from '../src/cli/commands';
import { parseArgs } from '../src/cli/args';
import { SUBGRAPHS } from '../src/hub/subgraph-registry';
import { testConfig } from './support/test-graph';

/** The lines `npx lotgraph doctor` prints, and its exit code. */
async function capture(work: () => Promise<void>): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  const saved = process.exitCode;
  process.exitCode = 0;
  try {
    await work();
    return { lines, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    process.exitCode = saved;
  }
}

const checkNamed = (lines: string[], name: string) => lines.find((line) => line.slice(6).startsWith(`${name}:`));

describe('npx lotgraph doctor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-doctor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const noDatabase = (overrides: Partial<LotGraphConfig> = {}) =>
    testConfig({ dataDir: path.join(dir, 'data'), drop: async () => undefined }, overrides);

  it('where `npm start` never ran: no embedded database yet (a warning), none made, the embedded defaults fine', async () => {
    const dataDir = path.join(dir, 'data');
    const report = await capture(() => doctor(() => noDatabase({ devSecrets: true, auditKey: { path: path.join(dataDir, 'audit-signing-key.pem'), createIfMissing: true } })));
    expect(report.lines).toEqual([
      `WARN  database: there is no embedded PGlite in ${dataDir} yet: \`npm start\` makes it`,
      'OK    database role: does not apply: the embedded database is single-user, open to this process only',
      `OK    audit signing key: none yet; made on first use at ${dataDir}/audit-signing-key.pem, readable by its owner only`,
      'OK    secrets: the built-in development secrets, on loopback (127.0.0.1) only: the embedded demo',
    ]);
    expect(report.exitCode).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });

  it(`fails a database whose migrations have not run, naming them, and leaves it unmigrated (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`, async () => {
    const db = await createTestDatabase();
    const options = { databaseUrl: db.databaseUrl, dataDir: db.databaseUrl ? '' : path.join(dir, 'data') };
    const batchSchema = async () => {
      const batch = SUBGRAPHS.batch.createDatabase(options);
      try {
        await batch.ping();
        return (await batch.dataSource.query(`SELECT to_regnamespace('batch') IS NOT NULL AS present`))[0].present;
      } finally {
        await batch.close();
      }
    };
    try {
      expect(await batchSchema()).toBe(false);
      const report = await capture(() => doctor(() => testConfig({ ...db, ...options })));
      expect(checkNamed(report.lines, 'migrations')).toMatch(
        /^FAIL {2}migrations: batch: \d+ pending \(CreateBatchTables1763712000000, .*\); quality: \d+ pending .*; capa: .*; compliance: \d+ pending \(CreateUserTables1764400000000, CreateAuditTrail1764400000001, .*\): run `npx lotgraph migrate` as the database owner$/,
      );
      expect(report.exitCode).toBe(1);
      expect(await batchSchema()).toBe(false);
    } finally {
      await db.drop();
    }
  });

  it('fails an audit signing key others may read or that is no key, a missing LOTGRAPH_AUDIT_KEY with DATABASE_URL, an unreachable database, development secrets off loopback', async () => {
    const keyFile = path.join(dir, 'audit-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o644 });
    const open = await capture(() => doctor(() => noDatabase({ auditKey: { path: keyFile, createIfMissing: false } })));
    expect(checkNamed(open.lines, 'audit signing key')).toBe(`FAIL  audit signing key: ${keyFile} is open to others than its owner (mode 644): chmod 600 ${keyFile}`);
    expect(open.exitCode).toBe(1);

    const notAKey = path.join(dir, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello\n', { mode: 0o600 });
    const garbled = await capture(() => doctor(() => noDatabase({ auditKey: { path: notAKey, createIfMissing: false } })));
    expect(checkNamed(garbled.lines, 'audit signing key')).toMatch(new RegExp(`^FAIL {2}audit signing key: ${notAKey} is not a PEM key: `));

    const nowhere = await capture(() => doctor(() => noDatabase({ databaseUrl: 'postgres://lotgraph@127.0.0.1:1/lotgraph', embedded: false, auditKey: undefined })));
    expect(nowhere.lines).toEqual([
      expect.stringMatching(/^FAIL {2}database: cannot reach PostgreSQL 127\.0\.0\.1:1\/lotgraph: .*ECONNREFUSED/),
      'FAIL  audit signing key: LOTGRAPH_AUDIT_KEY is not set; it is required with DATABASE_URL (docs/configuration.md)',
      'OK    secrets: LOTGRAPH_JWT_SECRET and LOTGRAPH_GATEWAY_SECRET are set',
    ]);

    const exposed = await capture(() => doctor(() => noDatabase({ host: '0.0.0.0', devSecrets: true })));
    expect(checkNamed(exposed.lines, 'secrets')).toBe(
      'FAIL  secrets: the built-in development secrets are in use on 0.0.0.0, not a loopback address: anyone who reaches it could forge tokens; set LOTGRAPH_JWT_SECRET and LOTGRAPH_GATEWAY_SECRET',
    );
  });

  it('reports a configuration the hub would refuse as a failed check, not a crash', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: '', LOTGRAPH_HOST: '0.0.0.0', LOTGRAPH_JWT_SECRET: '', LOTGRAPH_DATA_DIR: path.join(dir, 'data') });
    try {
      const report = await capture(() => run(parseArgs(['doctor'])));
      expect(report.lines).toEqual([
        'FAIL  configuration: LOTGRAPH_JWT_SECRET must be set when LOTGRAPH_HOST (0.0.0.0) is not a loopback address: anyone who can reach it could forge tokens with the built-in development secret',
      ]);
      expect(report.exitCode).toBe(1);
    } finally {
      process.env = saved;
    }
  });
});
