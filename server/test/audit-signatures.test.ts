import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AUDIT_SEAL_ACTOR,
  AuditKeyring,
  AuditReader,
  AuditTrail,
  ConfigError,
  GENESIS_HASH,
  auditEntryContent,
  createTestDatabase,
  entryHash,
  installAuditKeyring,
  keyId,
  useAuditKeyring,
  type SubgraphDatabase,
  type TestDatabase,
} from '../src';
import { QA, auditTablesDatabase } from './support/audit-trails';

const newKey = () => generateKeyPairSync('ed25519');

describe('signed audit entries', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let keyA: ReturnType<typeof newKey>;

  const trail = (keyring?: AuditKeyring) => new AuditTrail(database.dataSource, 'alpha', keyring);
  const receive = (n: number, keyring?: AuditKeyring) =>
    database.dataSource.transaction((manager) =>
      trail(keyring).record(manager, { actor: QA, action: 'RECEIVE', entityType: 'Lot', entityId: `L-${n}`, changes: { quantity: { new: n } } }),
    );

  /** What an attacker with database rights can do: append a row with a correctly computed hash, no key. */
  const appendForged = async (signature: { keyId: string; signature: string } | null = null) => {
    const [head] = await database.dataSource.query(`SELECT seq, hash FROM alpha.audit_entry ORDER BY seq DESC LIMIT 1`);
    const content = {
      seq: Number(head.seq) + 1, recordedAt: new Date(), actorId: 'qa.manager', actorName: 'Wang Qiang (QA manager)', actorRoles: ['QA_MANAGER'],
      action: 'STATUS_CHANGE', entityType: 'Lot', entityId: 'L-1', changes: { status: { old: 'ON_HOLD', new: 'RELEASED' } }, reason: 'released', requestId: null,
    };
    const hash = entryHash(auditEntryContent(content), head.hash);
    await database.dataSource.query(
      `INSERT INTO alpha.audit_entry (seq, recorded_at, actor_id, actor_name, actor_roles, action, entity_type, entity_id, changes, reason, request_id, previous_hash, hash, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [content.seq, content.recordedAt, content.actorId, content.actorName, JSON.stringify(content.actorRoles), content.action, content.entityType, content.entityId,
        JSON.stringify(content.changes), content.reason, null, head.hash, hash, signature?.keyId ?? null, signature?.signature ?? null],
    );
    return { seq: content.seq, hash };
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = auditTablesDatabase(testDb, 'signature_test', ['alpha']);
    await database.migrate();
    keyA = newKey();
    useAuditKeyring(new AuditKeyring(keyA.privateKey));
    for (let n = 1; n <= 4; n += 1) await receive(n);
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('signs every entry with the key of the process, naming the key; a clean trail verifies', async () => {
    const entry = (await trail().entryAt(3))!;
    expect(entry.keyId).toBe(keyId(keyA.publicKey));
    expect(entry.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(await trail().verify()).toEqual({ ok: true, count: 4, headHash: entry && (await trail().entryAt(4))!.hash, firstBroken: null });
  });

  it('names an entry appended behind the application with a correct hash and no signature as forged', async () => {
    const { seq } = await appendForged();
    expect(await trail().verify()).toMatchObject({
      ok: false,
      count: 4,
      firstBroken: { seq, reason: 'entry 5 is not signed: it was not written by LotGraph (forged)' },
    });
  });

  it('names an entry signed with a key that is not trusted, and one whose signature belongs to another entry', async () => {
    const stranger = new AuditKeyring(newKey().privateKey);
    const [head] = await database.dataSource.query(`SELECT seq, hash FROM alpha.audit_entry ORDER BY seq DESC LIMIT 1`);
    // The attacker's own key signs the forged entry: a valid signature, by a key nobody gave the auditor.
    const forgedHashOf = async () => (await trail().entryAt(5))!.hash;
    await appendForged({ keyId: stranger.signingKeyId, signature: stranger.sign('alpha', Number(head.seq) + 1, head.hash).signature });
    expect((await trail().verify()).firstBroken).toEqual({
      seq: 5,
      reason: `entry 5 is signed with key ${stranger.signingKeyId}, which is not a trusted audit key: forged, or signed with a key you were not given`,
    });
    expect(await forgedHashOf()).not.toBe(head.hash);

    // A genuine signature copied from entry 4 onto the forged entry 5 does not match it.
    const entry4 = (await trail().entryAt(4))!;
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE alpha.audit_entry DISABLE TRIGGER USER');
      await manager.query(`UPDATE alpha.audit_entry SET key_id = $1, signature = $2 WHERE seq = 5`, [entry4.keyId, entry4.signature]);
      await manager.query('ALTER TABLE alpha.audit_entry ENABLE TRIGGER USER');
    });
    expect((await trail().verify()).firstBroken).toEqual({
      seq: 5,
      reason: 'entry 5 has a signature that does not match it: its hash is correct but it was not signed by LotGraph (forged)',
    });
  });

  it('names a forged entry put in the middle, the later entries shifted and re-hashed to keep the chain', async () => {
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE alpha.audit_entry DISABLE TRIGGER USER');
      const rows = (await manager.query(`SELECT * FROM alpha.audit_entry ORDER BY seq`)) as Array<Record<string, unknown>>;
      await manager.query(`DELETE FROM alpha.audit_entry WHERE seq >= 3`);
      let previousHash = String(rows[1].hash);
      const forged = { ...rows[1], seq: 3, entity_id: 'L-X', reason: 'forged', key_id: null, signature: null };
      for (const row of [forged, ...rows.slice(2).map((r) => ({ ...r, seq: Number(r.seq) + 1 }))] as Array<Record<string, unknown>>) {
        const content = {
          seq: Number(row.seq), recordedAt: new Date(row.recorded_at as string), actorId: row.actor_id as string, actorName: row.actor_name as string,
          actorRoles: row.actor_roles as string[], action: row.action as string, entityType: row.entity_type as string, entityId: row.entity_id as string,
          changes: row.changes as Record<string, { new?: unknown }>, reason: row.reason as string | null, requestId: row.request_id as string | null,
        };
        const hash = entryHash(auditEntryContent(content), previousHash);
        await manager.query(
          `INSERT INTO alpha.audit_entry SELECT (jsonb_populate_record(NULL::alpha.audit_entry, $1::jsonb)).*`,
          [JSON.stringify({ ...row, previous_hash: previousHash, hash })],
        );
        previousHash = hash;
      }
      await manager.query('ALTER TABLE alpha.audit_entry ENABLE TRIGGER USER');
    });
    expect(await trail().verify()).toMatchObject({
      ok: false,
      count: 2,
      firstBroken: { seq: 3, reason: 'entry 3 is not signed: it was not written by LotGraph (forged)' },
    });
  });

  it('holds across a key rotation while the earlier key is trusted, and names the first entry of a key no longer trusted', async () => {
    const keyB = newKey();
    const rotated = new AuditKeyring(keyB.privateKey, [keyA.publicKey]);
    useAuditKeyring(rotated);
    await receive(5);
    await receive(6);
    expect((await trail().entryAt(6))!.keyId).toBe(keyId(keyB.publicKey));
    expect(await trail().verify()).toMatchObject({ ok: true, count: 6 });
    const onlyB = rotated.trusting([keyB.publicKey]);
    expect((await trail().verify(onlyB)).firstBroken).toEqual({
      seq: 1,
      reason: `entry 1 is signed with key ${keyId(keyA.publicKey)}, which is not a trusted audit key: forged, or signed with a key you were not given`,
    });
  });

  it('seals a trail written before entries were signed with one signed entry, after which an unsigned entry is forged', async () => {
    // The trail as an earlier LotGraph wrote it: hashed and chained, without signatures.
    await database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE alpha.audit_entry DISABLE TRIGGER USER');
      await manager.query('UPDATE alpha.audit_entry SET key_id = NULL, signature = NULL');
      await manager.query('ALTER TABLE alpha.audit_entry ENABLE TRIGGER USER');
    });
    expect(await trail().verify()).toMatchObject({
      ok: false,
      firstBroken: { seq: 1, reason: expect.stringMatching(/^entries 1 to 4 are not signed: the trail predates signed audit entries and was not sealed/) },
    });
    const head = (await trail().entryAt(4))!;
    const seal = (await trail().sealUnsignedHistory(AUDIT_SEAL_ACTOR))!;
    expect(seal).toMatchObject({
      seq: 5,
      action: 'SEAL_UNSIGNED_ENTRIES',
      entityType: 'AuditTrail',
      entityId: 'alpha',
      changes: { sealedEntries: { new: 4 }, sealedHeadHash: { new: head.hash } },
      keyId: keyId(keyA.publicKey),
    });
    expect(await trail().verify()).toMatchObject({ ok: true, count: 5 });
    expect(await trail().sealUnsignedHistory(AUDIT_SEAL_ACTOR)).toBeNull();

    await appendForged();
    expect((await trail().verify()).firstBroken).toEqual({ seq: 6, reason: 'entry 6 is not signed: it was not written by LotGraph (forged)' });
    // A broken trail is not sealed: that would bless the forgery.
    await expect(trail().sealUnsignedHistory(AUDIT_SEAL_ACTOR)).rejects.toThrow('the alpha audit trail is not sealed: it is BROKEN at entry 6: entry 6 is not signed');
  });

  it('reads every trail with the keys an auditor was given', async () => {
    const reader = new AuditReader(database.dataSource, ['alpha']);
    expect((await reader.verifyAll(new AuditKeyring(keyA.privateKey)))[0]).toMatchObject({ ok: true, count: 4 });
    const [status] = await reader.verifyAll(new AuditKeyring(newKey().privateKey));
    expect(status).toMatchObject({ ok: false, count: 0, headHash: GENESIS_HASH, firstBroken: { seq: 1 } });
  });
});

describe('the audit keyring of an installation', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-keyring-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the public half of each signing key beside it, so a rotated key still trusts what the earlier one signed', () => {
    const fileA = path.join(dir, 'key-a.pem');
    const fileB = path.join(dir, 'key-b.pem');
    const a = newKey();
    writeFileSync(fileA, a.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(fileB, newKey().privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const first = installAuditKeyring({ auditKey: { path: fileA, createIfMissing: false }, dataDir: '', databaseUrl: 'postgres://db' });
    expect(readdirSync(path.join(dir, 'audit-public-keys'))).toEqual([`${first.signingKeyId.slice(0, 16)}.pem`]);
    const second = installAuditKeyring({ auditKey: { path: fileB, createIfMissing: false }, dataDir: '', databaseUrl: 'postgres://db' });
    expect(second.signingKeyId).not.toBe(first.signingKeyId);
    expect(second.trustedKeyIds().sort()).toEqual([first.signingKeyId, second.signingKeyId].sort());
    expect(keyId(a.publicKey)).toBe(first.signingKeyId);
  });

  it('refuses a database that outlives the process without a key file', () => {
    expect(() => installAuditKeyring({ dataDir: '', databaseUrl: 'postgres://db' })).toThrow(ConfigError);
    expect(() => installAuditKeyring({ dataDir: path.join(dir, 'data') })).toThrow(/LOTGRAPH_AUDIT_KEY must name the PEM file/);
    expect(installAuditKeyring({ dataDir: 'memory://keyring-test' })).toBeInstanceOf(AuditKeyring);
  });
});
