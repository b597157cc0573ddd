import { loadConfig, verifyToken } from '@lotgraph/server';
import { UsageError } from '../src/cli/commands';
import { captureCli } from './support/capture-cli';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditTrail, createTestDatabase, rewriteAuditTrail } from '@lotgraph/server';
import { openDatabases, startHub } from '../src/hub/hub';
import { validateEpcis } from '../../subgraphs/batch/test/support/epcis-schema';

const capture = captureCli;

/** The environment a CLI test runs with; on PostgreSQL the operator gives the audit key, embedded the CLI makes one. */
function cliEnv(db: { databaseUrl?: string }, dir: string): Record<string, string> {
  const env: Record<string, string> = { DATABASE_URL: db.databaseUrl ?? '', LOTGRAPH_DATA_DIR: db.databaseUrl ? '' : path.join(dir, 'data'), LOTGRAPH_JWT_SECRET: 'a', LOTGRAPH_GATEWAY_SECRET: 'b' };
  if (db.databaseUrl) {
    env.LOTGRAPH_AUDIT_KEY = path.join(dir, 'audit-key.pem');
    writeFileSync(env.LOTGRAPH_AUDIT_KEY, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  return env;
}

describe('npx lotgraph', () => {
  it('token --user prints a bearer token the gateway accepts for that demo user', async () => {
    const token = await capture(['token', '--user', 'qa.engineer'], { DATABASE_URL: '', LOTGRAPH_JWT_SECRET: 'cli-secret' });
    expect(verifyToken(token.trim(), 'cli-secret')).toEqual({ id: 'qa.engineer', name: 'Priya Raman (QA engineer)', roles: ['QA_ENGINEER'] });
  });

  it('names the demo users when asked for one that does not exist', async () => {
    const embedded = { DATABASE_URL: '' };
    await expect(capture(['token', '--user', 'nobody'], embedded)).rejects.toThrow(
      new UsageError('No demo user "nobody"; demo users: operator, qc.inspector, qa.engineer, qa.manager, qa.lead, auditor, integrator, admin'),
    );
    await expect(capture(['frobnicate'], embedded)).rejects.toThrow('Unknown command "frobnicate"');
  });

  it('migrate applies every subgraph migration once; seed loads the demo plant', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-cli-'));
    // Embedded: a data directory on disk, so what one command wrote is there for the next.
    const env = cliEnv(db, dir);
    try {
      expect(await capture(['migrate'], env)).toMatch(/^batch: applied CreateBatchTables\d+(, \w+\d+)*\nquality: applied CreateQualityTables\d+(, \w+\d+)*\ncapa: applied CreateCapaTables\d+(, \w+\d+)*\ncompliance: applied CreateUserTables\d+(, \w+\d+)*\nintegration: applied CreateIngestTables\d+$/);
      expect(await capture(['migrate'], env)).toBe('batch: up to date\nquality: up to date\ncapa: up to date\ncompliance: up to date\nintegration: up to date');
      expect(await capture(['seed'], env)).toMatch(/^Demo plant loaded into /);
      const databases = await openDatabases(loadConfig(env), ['batch']);
      const [{ count }] = await databases.batch!.dataSource.query('SELECT count(*)::int AS count FROM batch.material_lot');
      expect(count).toBe(11);

      // audit verify: an intact chain, then one edited the way a DBA would, past the append-only triggers.
      const trail = new AuditTrail(databases.batch!.dataSource, 'batch');
      const actor = { id: 'qa.manager', name: 'QA', roles: ['QA_MANAGER' as const] };
      await databases.batch!.dataSource.transaction(async (manager) => {
        for (const id of ['A', 'B', 'C']) await trail.record(manager, { actor, action: 'UPDATE', entityType: 'Lot', entityId: id, changes: { status: { old: 'QUARANTINE', new: 'RELEASED' } } });
      });
      await databases.batch!.dataSource.transaction(async (manager) => {
        await manager.query('ALTER TABLE batch.audit_entry DISABLE TRIGGER USER');
        await manager.query(`UPDATE batch.audit_entry SET actor_id = 'someone.else' WHERE seq = 2`);
        await manager.query('ALTER TABLE batch.audit_entry ENABLE TRIGGER USER');
      });
      await databases.batch!.close();
      const report = await capture(['audit', 'verify'], env);
      expect(report).toContain('batch: BROKEN at entry 2: entry 2 was changed after it was written: its content no longer matches its hash (1 entries before it hold)');
      expect(report).toMatch(/quality: \d+ entries, chain intact/);
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('epcis prints a lot\'s trace as a valid EPCIS document, and explains a bad direction', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-cli-'));
    const env = cliEnv(db, dir);
    try {
      await capture(['seed'], env);
      const doc = JSON.parse(await capture(['epcis', 'RPP-2611-002', '--direction', 'downstream'], env));
      expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });
      expect(doc['lotgraph:traceDirection']).toBe('DOWNSTREAM');
      expect(doc.epcisBody.eventList.filter((e: { bizStep?: string }) => e.bizStep === 'shipping')).toHaveLength(2);
      await expect(capture(['epcis', 'RPP-2611-002', '--direction', 'sideways'], env)).rejects.toThrow(
        new UsageError('--direction must be upstream or downstream, got "sideways"'),
      );
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('user create makes the first ADMIN of a database without the demo plant, who then logs in through the gateway', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-cli-'));
    const env = cliEnv(db, dir);
    const passwordFile = path.join(dir, 'password');
    writeFileSync(passwordFile, 'first admin passphrase\n');
    const create = ['user', 'create', '--id', 'site.admin', '--name', 'Jane Doe (site administrator)', '--roles', 'admin', '--password-file', passwordFile];
    try {
      expect(await capture(create, env)).toBe('Created user site.admin (Jane Doe (site administrator); ADMIN); log in with the login mutation');
      await expect(capture(create, env)).rejects.toThrow('User.userId: a user with id site.admin already exists');
      await expect(capture(['user', 'create', '--id', 'x.y', '--name', 'X', '--roles', 'SUPERUSER', '--password-file', passwordFile], env)).rejects.toThrow(
        new UsageError('--roles: unknown role SUPERUSER; roles are OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR, INTEGRATOR, ADMIN'),
      );
      await expect(capture(['user', 'create', '--id', 'x.y', '--roles', 'ADMIN'], env)).rejects.toThrow(/^user create needs --name: /);

      const hub = await startHub({ ...loadConfig(env), port: 0, seedDemo: false }, { port: 0, seed: false });
      try {
        const ask = async <T>(query: string, token?: string) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
          return (await (await fetch(hub.url, { method: 'POST', headers, body: JSON.stringify({ query }) })).json()) as { data: T };
        };
        const { data } = await ask<{ login: { token: string } }>('mutation { login(userId: "site.admin", password: "first admin passphrase") { token } }');
        const users = await ask('{ users { id roles } }', data.login.token);
        // Beside the system users the hub creates (the batch domain's usage guard, the capa domain's notifier, the quality domain's MQTT ingest and containment; they never log in).
        expect(users.data).toEqual({
          users: [
            { id: 'batch.usage-guard', roles: ['INTEGRATOR'] }, { id: 'capa.notifier', roles: ['INTEGRATOR'] }, { id: 'ingest.mqtt', roles: ['INTEGRATOR'] },
            { id: 'quality.containment', roles: ['QA_ENGINEER'] },
            { id: 'site.admin', roles: ['ADMIN'] },
          ],
        });
        const [entry] = await hub.databases.compliance!.dataSource.query(`SELECT actor_id, action FROM compliance.audit_entry WHERE entity_id = 'site.admin' ORDER BY seq LIMIT 1`);
        expect(entry).toEqual({ actor_id: 'lotgraph-cli', action: 'CREATE' });

        // Someone guesses at the only ADMIN's password three times (waiting out the pauses failed logins earn).
        for (const pause of [0, 0, 1050]) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          await ask('mutation { login(userId: "site.admin", password: "a guess at it") { token } }');
        }
        const locked = await ask<{ users: Array<{ id: string; locked: boolean }> }>('{ users { id locked } }', data.login.token);
        expect(locked.data.users.find((user) => user.id === 'site.admin')).toEqual({ id: 'site.admin', locked: true });
      } finally {
        await hub.stop();
      }

      // No ADMIN can log in to unlock it: the server's command line can.
      await expect(capture(['user', 'unlock', '--id', 'site.admin'], env)).rejects.toThrow(new UsageError('user unlock needs --reason: npx lotgraph user unlock --id <login id> --reason "<why>"'));
      expect(await capture(['user', 'unlock', '--id', 'site.admin', '--reason', 'Only ADMIN, locked by guesses'], env)).toBe(
        'Unlocked user site.admin (Jane Doe (site administrator)); the count of wrong passwords is back to 0',
      );
      await expect(capture(['user', 'unlock', '--id', 'site.admin', '--reason', 'again'], env)).rejects.toThrow('User.lockedAt: site.admin is not locked');
      const { compliance } = await openDatabases(loadConfig(env), ['compliance']);
      try {
        const [unlock] = await compliance!.dataSource.query(
          `SELECT actor_id, action, reason FROM compliance.audit_entry WHERE entity_id = 'site.admin' ORDER BY seq DESC LIMIT 1`,
        );
        expect(unlock).toEqual({ actor_id: 'lotgraph-cli', action: 'UNLOCK', reason: 'Only ADMIN, locked by guesses' });
        const [row] = await compliance!.dataSource.query(`SELECT locked_at, failed_attempts FROM compliance.user_account WHERE id = 'site.admin'`);
        expect(row).toEqual({ locked_at: null, failed_attempts: 0 });
      } finally {
        await compliance!.close();
      }
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('audit checkpoint signs where every trail stands; audit verify --checkpoint shows a trail rewritten since, naming trail and entry', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-cli-'));
    const env = cliEnv(db, dir);
    const actor = { id: 'qa.manager', name: 'QA', roles: ['QA_MANAGER' as const] };
    const writeEntries = async (lots: string[]) => {
      const { batch } = await openDatabases(loadConfig(env), ['batch']);
      const trail = new AuditTrail(batch!.dataSource, 'batch');
      await batch!.dataSource.transaction(async (manager) => {
        for (const id of lots) await trail.record(manager, { actor, action: 'HOLD', entityType: 'Lot', entityId: id, changes: { status: { old: 'RELEASED', new: 'ON_HOLD' } }, reason: 'Deviation' });
      });
      return batch!;
    };
    const checkpointFile = path.join(dir, 'checkpoint.json');
    const publicKeyFile = path.join(dir, 'auditor.pem');
    try {
      await capture(['migrate'], env);
      await (await writeEntries(['A', 'B', 'C'])).close();

      // Embedded, migrating made the key that signs entries and checkpoints under the data directory.
      const written = await capture(['audit', 'checkpoint', '--out', checkpointFile], env);
      expect(written).toMatch(
        new RegExp(`^Checkpoint written to ${checkpointFile}: batch 3, quality 0, capa 0, compliance 0, integration 0 entries, signed with key [0-9a-f]{64}\nCheck it later with: npx lotgraph audit verify --checkpoint ${checkpointFile}$`),
      );
      const signed = JSON.parse(readFileSync(checkpointFile, 'utf8'));
      expect(signed.chains.map((c: { schema: string; headSeq: number }) => [c.schema, c.headSeq])).toEqual([['batch', 3], ['quality', 0], ['capa', 0], ['compliance', 0], ['integration', 0]]);
      expect(JSON.parse(await capture(['audit', 'checkpoint'], env)).keyId).toBe(signed.keyId);
      expect(await capture(['audit', 'public-key', '--out', publicKeyFile], env)).toBe(`Public key ${signed.keyId} written to ${publicKeyFile}`);
      expect(await capture(['audit', 'public-key'], env)).toBe(readFileSync(publicKeyFile, 'utf8').trimEnd());

      // The trail grows: the checkpoint still holds.
      await (await writeEntries(['D'])).close();
      const intact = await capture(['audit', 'verify', '--checkpoint', checkpointFile, '--public-key', publicKeyFile], env);
      expect(intact).toBe([
        `checkpoint of ${signed.createdAt}: signature valid (key ${signed.keyId})`,
        'batch: 3 entries at the checkpoint, 4 now; entry 3 still has the signed hash, chain intact',
        'quality: empty at the checkpoint, 0 entries now, chain intact',
        'capa: empty at the checkpoint, 0 entries now, chain intact',
        'compliance: empty at the checkpoint, 0 entries now, chain intact',
        'integration: empty at the checkpoint, 0 entries now, chain intact',
        'The audit trails hold and were not rewritten since the checkpoint.',
      ].join('\n'));
      expect(process.exitCode ?? 0).toBe(0);

      // A DBA rewrites entry 2 and re-hashes the rest: the chain links again, but entry 2 is no longer what LotGraph signed.
      const batch = await writeEntries([]);
      await rewriteAuditTrail(batch.dataSource, 'batch', 2, { reason: 'Routine check', actorId: 'someone.else' });
      await batch.close();
      const forged = 'entry 2 has a signature that does not match it: its hash is correct but it was not signed by LotGraph (forged)';
      expect(await capture(['audit', 'verify'], env)).toMatch(new RegExp(`^batch: BROKEN at entry 2: ${forged.replace(/[()]/g, '\\$&')} \\(1 entries before it hold\\)`));
      const rewritten = await capture(['audit', 'verify', '--checkpoint', checkpointFile], env);
      expect(rewritten).toContain(`batch: FAILS: BROKEN at entry 2: ${forged}`);
      expect(rewritten).toMatch(/The audit trails do NOT match the checkpoint.$/);
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;

      // A checkpoint edited to fit the rewritten trail no longer carries a valid signature.
      writeFileSync(checkpointFile, JSON.stringify({ ...signed, chains: [{ ...signed.chains[0], headHash: 'f'.repeat(64) }, ...signed.chains.slice(1)] }));
      expect(await capture(['audit', 'verify', '--checkpoint', checkpointFile], env)).toMatch(/^checkpoint: FAILS: the signature does not match the checkpoint: it was altered after it was signed\n/);
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
      await expect(capture(['audit', 'verify', '--checkpoint', path.join(dir, 'nope.json')], env)).rejects.toThrow(new UsageError(`--checkpoint ${path.join(dir, 'nope.json')}: no such file`));
    } finally {
      process.exitCode = 0;
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the hub signs a checkpoint when it stops, outside the database directory; audit verify --since-checkpoint checks it and lists what came after', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-cli-'));
    const env = { ...cliEnv(db, dir), LOTGRAPH_AUDIT_CHECKPOINT_DIR: path.join(dir, 'checkpoints'), LOTGRAPH_AUDIT_CHECKPOINT_INTERVAL: 'off' };
    try {
      await expect(capture(['audit', 'verify', '--since-checkpoint'], env)).rejects.toThrow(`No audit checkpoint in ${path.join(dir, 'checkpoints')}`);
      const hub = await startHub({ ...loadConfig(env), port: 0 }, { port: 0, seed: true });
      await hub.stop();
      const [file] = readdirSync(path.join(dir, 'checkpoints'));
      expect(file).toMatch(/^checkpoint-\d{8}T\d{9}Z\.json$/);
      const signed = JSON.parse(readFileSync(path.join(dir, 'checkpoints', file), 'utf8'));
      const batchHead = signed.chains.find((chain: { schema: string }) => chain.schema === 'batch').headSeq;
      expect(batchHead).toBeGreaterThan(0);

      const passwordFile = path.join(dir, 'password');
      writeFileSync(passwordFile, 'a long enough passphrase\n');
      await capture(['user', 'create', '--id', 'late.admin', '--name', 'Late Admin', '--roles', 'ADMIN', '--password-file', passwordFile], env);
      const report = await capture(['audit', 'verify', '--since-checkpoint'], env);
      expect(report).toContain(`Last checkpoint: ${path.join(dir, 'checkpoints', file)}`);
      expect(report).toContain('The audit trails hold and were not rewritten since the checkpoint.');
      expect(report).toContain(`batch: nothing written since ${signed.createdAt}`);
      expect(report).toMatch(/compliance: entries from \d+ since .*\n {2}\d+ {2}\S+ {2}lotgraph-cli {2}CREATE User late\.admin/);
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      process.exitCode = 0;
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
