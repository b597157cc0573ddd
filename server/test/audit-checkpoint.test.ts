import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AuditReader,
  ConfigError,
  createCheckpoint,
  createTestDatabase,
  loadAuditSigningKey,
  loadConfig,
  readPublicKey,
  rewriteAuditTrail,
  verifyCheckpoint,
  type AuditSigningKey,
  type SubgraphDatabase,
  type TestDatabase,
} from '../src';
import { auditTablesDatabase, writeEntry } from './support/audit-trails';

describe('signed audit checkpoints', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let reader: AuditReader;
  let dir: string;
  let key: AuditSigningKey;

  const receive = (schema: string, n: number) =>
    writeEntry(database, schema, { action: 'RECEIVE', entityType: 'Lot', entityId: `L-${n}`, changes: { quantity: { new: n } } });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-checkpoint-'));
    key = loadAuditSigningKey({ auditKey: { path: path.join(dir, 'data', 'audit-signing-key.pem'), createIfMissing: true } });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = auditTablesDatabase(testDb, 'checkpoint_test', ['alpha', 'beta']);
    await database.migrate();
    reader = new AuditReader(database.dataSource, ['alpha', 'beta']);
    for (let n = 1; n <= 5; n += 1) await receive('alpha', n);
    await receive('beta', 1);
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('signs where every trail stands, and still holds after the trails grew', async () => {
    const checkpoint = await createCheckpoint(reader, key, new Date('2026-11-21T08:00:00Z'));
    expect(checkpoint).toMatchObject({
      format: 'lotgraph-audit-checkpoint/1',
      createdAt: '2026-11-21T08:00:00.000Z',
      chains: [
        { schema: 'alpha', count: 5, headSeq: 5, headHash: (await reader.trail('alpha')!.entryAt(5))!.hash },
        { schema: 'beta', count: 1, headSeq: 1 },
      ],
      publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    await receive('alpha', 6);
    const check = await verifyCheckpoint(reader, JSON.parse(JSON.stringify(checkpoint)), key.publicKey);
    expect(check).toEqual({
      ok: true,
      problems: [],
      chains: [
        { schema: 'alpha', ok: true, message: '5 entries at the checkpoint, 6 now; entry 5 still has the signed hash, chain intact' },
        { schema: 'beta', ok: true, message: '1 entries at the checkpoint, 1 now; entry 1 still has the signed hash, chain intact' },
      ],
    });
  });

  it('shows a trail rewritten and re-hashed behind the triggers: the re-hashed entry is not signed by the key', async () => {
    const checkpoint = await createCheckpoint(reader, key);
    await rewriteAuditTrail(database.dataSource, 'alpha', 2, { actorId: 'someone.else', reason: 'nothing happened' });
    const forged = 'entry 2 has a signature that does not match it: its hash is correct but it was not signed by LotGraph (forged)';
    expect((await reader.verifyAll())[0]).toMatchObject({ schema: 'alpha', ok: false, count: 1, firstBroken: { seq: 2, reason: forged } });
    const check = await verifyCheckpoint(reader, checkpoint, key.publicKey);
    expect(check.ok).toBe(false);
    expect(check.chains[0]).toEqual({ schema: 'alpha', ok: false, message: `BROKEN at entry 2: ${forged}` });
    expect(check.chains[1].ok).toBe(true);
  });

  it('shows entries removed from the end of a trail, and a trail broken since', async () => {
    const checkpoint = await createCheckpoint(reader, key);
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE alpha.audit_entry DISABLE TRIGGER USER');
      await manager.query('DELETE FROM alpha.audit_entry WHERE seq >= 4');
      await manager.query('ALTER TABLE alpha.audit_entry ENABLE TRIGGER USER');
      await manager.query('ALTER TABLE beta.audit_entry DISABLE TRIGGER USER');
      await manager.query(`UPDATE beta.audit_entry SET actor_name = 'Nobody'`);
      await manager.query('ALTER TABLE beta.audit_entry ENABLE TRIGGER USER');
    });
    const check = await verifyCheckpoint(reader, checkpoint, key.publicKey);
    expect(check.chains).toEqual([
      { schema: 'alpha', ok: false, message: `the checkpoint covers 5 entries, the trail now has 3: entries were removed since ${checkpoint.createdAt}` },
      { schema: 'beta', ok: false, message: 'BROKEN at entry 1: entry 1 was changed after it was written: its content no longer matches its hash' },
    ]);
  });

  it('refuses a checkpoint that was edited, or signed by another key', async () => {
    const checkpoint = await createCheckpoint(reader, key);
    const edited = { ...checkpoint, chains: [{ ...checkpoint.chains[0], count: 4, headSeq: 4, headHash: (await reader.trail('alpha')!.entryAt(4))!.hash }, checkpoint.chains[1]] };
    expect((await verifyCheckpoint(reader, edited, key.publicKey)).problems).toEqual(['the signature does not match the checkpoint: it was altered after it was signed']);

    const other = generateKeyPairSync('ed25519');
    const forged = await createCheckpoint(reader, other);
    const check = await verifyCheckpoint(reader, forged, key.publicKey);
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([expect.stringMatching(/^signed with key [0-9a-f]{64}, not with the trusted key [0-9a-f]{64}$/)]);
    expect(await verifyCheckpoint(reader, { format: 'something else' }, key.publicKey)).toEqual({
      ok: false,
      problems: ['not a LotGraph audit checkpoint: format is "something else", not "lotgraph-audit-checkpoint/1"'],
      chains: [],
    });
  });

  it('signs nothing while a trail is broken', async () => {
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE alpha.audit_entry DISABLE TRIGGER USER');
      await manager.query('DELETE FROM alpha.audit_entry WHERE seq = 3');
      await manager.query('ALTER TABLE alpha.audit_entry ENABLE TRIGGER USER');
    });
    await expect(createCheckpoint(reader, key)).rejects.toThrow('no checkpoint signed: alpha is BROKEN at entry 3: entry 3 is missing: the entry after 2 is 4');
  });
});

describe('the key that signs checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once under the embedded data directory, readable by its owner only, and kept', () => {
    const config = loadConfig({ LOTGRAPH_DATA_DIR: path.join(dir, 'data') });
    expect(config.auditKey).toEqual({ path: path.join(dir, 'data', 'audit-signing-key.pem'), createIfMissing: true });
    const first = loadAuditSigningKey(config);
    const again = loadAuditSigningKey(config);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(again.publicKey.export({ type: 'spki', format: 'pem' })).toEqual(first.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const exported = path.join(dir, 'public.pem');
    writeFileSync(exported, first.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(readPublicKey(exported).equals(first.publicKey)).toBe(true);
  });

  it('must be given with PostgreSQL, exist where LOTGRAPH_AUDIT_KEY says, and be Ed25519', () => {
    const server = { DATABASE_URL: 'postgres://db/lotgraph', LOTGRAPH_JWT_SECRET: 'a', LOTGRAPH_GATEWAY_SECRET: 'b' };
    expect(() => loadAuditSigningKey(loadConfig(server))).toThrow(new ConfigError(
      'LOTGRAPH_AUDIT_KEY must name the PEM file of the Ed25519 key that signs audit checkpoints (openssl genpkey -algorithm ed25519 -out audit-key.pem)',
    ));
    const missing = path.join(dir, 'missing.pem');
    expect(() => loadAuditSigningKey(loadConfig({ ...server, LOTGRAPH_AUDIT_KEY: missing }))).toThrow(`There is no audit signing key at ${missing} (LOTGRAPH_AUDIT_KEY)`);
    const rsa = path.join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadAuditSigningKey(loadConfig({ ...server, LOTGRAPH_AUDIT_KEY: rsa }))).toThrow(`${rsa} holds an rsa key; audit checkpoints are signed with Ed25519`);
  });
});
