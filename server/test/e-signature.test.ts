import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AuditTrail,
  SignatureRepository,
  SignatureService,
  contentHashOf,
  createAuditTable,
  createSignatureTable,
  createSubgraphDatabase,
  createTestDatabase,
  shown,
  type SignRequest,
  type VerifiedSigner,
  type SubgraphDatabase,
  type TestDatabase,
} from '../src';

class CreateSigning1764200000000 implements MigrationInterface {
  name = 'CreateSigning1764200000000';
  async up(db: QueryRunner) {
    await createAuditTable(db, 'sign_test');
    await createSignatureTable(db, 'sign_test');
  }
  async down() {}
}

type Person = Omit<VerifiedSigner, 'verifiedAt'> & { verifiedAt?: Date };
const INSPECTOR: Person = { userId: 'qc.inspector', printedName: 'Carlos Mendes', roles: ['QC_INSPECTOR'] };
const QA: Person = { userId: 'qa.manager', printedName: 'Wang Qiang', roles: ['QA_MANAGER'] };
const record = { number: 'INSP-1', result: 'PASS', value: 4.2 };

describe('e-signatures', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let repository: SignatureRepository;
  let service: SignatureService;
  let audit: AuditTrail;

  /** Signs as `signer`, re-authenticated now unless the test says when. */
  const sign = ({ signer, ...request }: Partial<Omit<SignRequest, 'signer'>> & { signer: Person }) =>
    database.dataSource.transaction((manager) =>
      service.sign(manager, {
        entityType: 'Inspection',
        entityId: 'insp-1',
        label: 'Inspection INSP-1',
        input: { password: 'unused here', meaning: 'AUTHORED', contentHash: contentHashOf(record) },
        currentContentHash: contentHashOf(record),
        allowedRoles: ['QC_INSPECTOR', 'QA_ENGINEER', 'QA_MANAGER'],
        requestId: 'req-1',
        ...request,
        signer: { verifiedAt: new Date(), ...signer },
      }),
    );

  beforeEach(async () => {
    testDb = await createTestDatabase();
    database = createSubgraphDatabase({ ...testDb, schema: 'sign_test', entities: [], migrations: [CreateSigning1764200000000] });
    await database.migrate();
    repository = new SignatureRepository(database.dataSource, 'sign_test');
    audit = new AuditTrail(database.dataSource, 'sign_test');
    service = new SignatureService(repository, audit);
  });

  afterEach(async () => {
    await database.close();
    await testDb.drop();
  });

  it('records printed name, time (when the password was re-entered), meaning and the content hash, with an audit entry', async () => {
    const verifiedAt = new Date('2026-11-20T08:15:00Z');
    const signature = await sign({ signer: { ...INSPECTOR, verifiedAt }, input: { password: 'x', meaning: 'AUTHORED', contentHash: contentHashOf(record), reason: 'inspected' } });
    expect(signature).toMatchObject({ meaning: 'AUTHORED', signerId: 'qc.inspector', printedName: 'Carlos Mendes', contentHash: contentHashOf(record), reason: 'inspected' });
    expect(signature.signedAt).toEqual(verifiedAt);
    expect((await repository.findFor('Inspection', ['insp-1']))[0].signedAt).toEqual(verifiedAt);
    const [entry] = await audit.entriesFor('Inspection', 'insp-1');
    expect(entry).toMatchObject({ action: 'SIGN', actorId: 'qc.inspector', reason: 'inspected', requestId: 'req-1' });
    expect(entry.changes.signature.new).toMatchObject({ id: signature.id, meaning: 'AUTHORED' });
  });

  it('shows a signature as no longer valid once the record changes', async () => {
    const signature = await sign({ signer: INSPECTOR });
    expect(shown(signature, contentHashOf(record)).valid).toBe(true);
    expect(shown(signature, contentHashOf({ ...record, value: 4.3 })).valid).toBe(false);
  });

  it('refuses a request for content that changed since it was shown', async () => {
    const stale = contentHashOf({ ...record, value: 9 });
    await expect(sign({ signer: INSPECTOR, input: { password: 'x', meaning: 'AUTHORED', contentHash: stale } })).rejects.toMatchObject({
      message: expect.stringMatching(/Inspection INSP-1 changed since it was shown/),
      extensions: { code: 'STALE_CONTENT' },
    });
    expect(await repository.findFor('Inspection', ['insp-1'])).toEqual([]);
  });

  it('refuses the author as approver of the same record, and a signer without the role', async () => {
    await sign({ signer: QA });
    await expect(sign({ signer: QA, input: { password: 'x', meaning: 'APPROVED', contentHash: contentHashOf(record) } })).rejects.toMatchObject({
      message: expect.stringMatching(/qa.manager signed Inspection INSP-1 as AUTHORED and may not also sign it as APPROVED/),
      extensions: { code: 'SEPARATION_OF_DUTIES' },
    });
    await expect(
      sign({ signer: INSPECTOR, input: { password: 'x', meaning: 'APPROVED', contentHash: contentHashOf(record) }, allowedRoles: ['QA_MANAGER'] }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const approved = await sign({ signer: { ...QA, userId: 'qa.engineer', printedName: 'Priya Raman' }, input: { password: 'x', meaning: 'APPROVED', contentHash: contentHashOf(record) } });
    expect(approved.meaning).toBe('APPROVED');
    expect((await repository.findFor('Inspection', ['insp-1'])).map((s) => `${s.signerId} ${s.meaning}`)).toEqual(['qa.manager AUTHORED', 'qa.engineer APPROVED']);
  });

  it('keeps signatures append-only in the database', async () => {
    const signature = await sign({ signer: INSPECTOR });
    await expect(database.dataSource.query(`UPDATE sign_test.e_signature SET meaning = 'APPROVED' WHERE id = $1`, [signature.id])).rejects.toThrow(/append-only: UPDATE/);
    await expect(database.dataSource.query(`DELETE FROM sign_test.e_signature`)).rejects.toThrow(/append-only: DELETE/);
  });
});
