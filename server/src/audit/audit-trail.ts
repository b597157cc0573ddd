import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '../auth/jwt';
import { GENESIS_HASH, entryHash } from './audit-hash';
import { lockKeyUntilCommit } from '../database/advisory-lock';
import { auditKeyring, type AuditKeyring } from './audit-keyring';

/** Old and new value of each changed field; a create has only new values, a void only the status. */
export type FieldChanges = Record<string, { old?: unknown; new?: unknown }>;

export interface AuditRecord {
  actor: Identity;
  /** What happened, e.g. CREATE, UPDATE, HOLD, RELEASE, SIGN, DENIED. */
  action: string;
  entityType: string;
  entityId: string;
  changes: FieldChanges;
  reason?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  /** The trail (schema) the entry is kept in; not part of what the hash seals. */
  chain: string;
  seq: number;
  recordedAt: Date;
  actorId: string;
  actorName: string;
  actorRoles: string[];
  action: string;
  entityType: string;
  entityId: string;
  changes: FieldChanges;
  reason: string | null;
  requestId: string | null;
  previousHash: string;
  hash: string;
  /** The audit key that signed the entry (SHA-256 of its public key); null only for entries sealed by an upgrade. */
  keyId: string | null;
  /** Ed25519 signature (base64) over the trail, seq and hash. */
  signature: string | null;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries that hold, from the first; the seq of the last of them (the chain head when ok). */
  count: number;
  /** Hash of the last entry checked (the chain head when ok). */
  headHash: string;
  /** The first entry that does not hold, and why. */
  firstBroken: { seq: number; reason: string } | null;
}

/** An audit_entry row as the database returns it. */
export type AuditEntryRow = {
  seq: string | number;
  recorded_at: Date | string;
  actor_id: string;
  actor_name: string;
  actor_roles: string[];
  action: string;
  entity_type: string;
  entity_id: string;
  changes: FieldChanges;
  reason: string | null;
  request_id: string | null;
  previous_hash: string;
  hash: string;
  key_id: string | null;
  signature: string | null;
};

export function auditEntryFromRow(chain: string, row: AuditEntryRow): AuditEntry {
  return {
    chain,
    seq: Number(row.seq),
    recordedAt: new Date(row.recorded_at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRoles: row.actor_roles,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    changes: row.changes,
    reason: row.reason,
    requestId: row.request_id,
    previousHash: row.previous_hash,
    hash: row.hash,
    keyId: row.key_id ?? null,
    signature: row.signature ?? null,
  };
}

/** What the hash seals: everything in the entry but the hashes and signature (and the chain it is kept in). */
export function auditEntryContent(entry: Omit<AuditEntry, 'chain' | 'previousHash' | 'hash' | 'keyId' | 'signature'>): object {
  return {
    seq: entry.seq,
    recordedAt: entry.recordedAt.toISOString(),
    actorId: entry.actorId,
    actorName: entry.actorName,
    actorRoles: entry.actorRoles,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: entry.changes,
    reason: entry.reason,
    requestId: entry.requestId,
  };
}

// Entries read per page by verify: an ingest call's entry holds up to 5,000 readings (about 0.75 MB).
const VERIFY_PAGE = 100;

/** A writer's turn on one trail: entries sealed on the chain's head (nothing written), then written. */
export interface AuditTurn {
  /** The entries the records make, following the head; pure, so it may be called again with other records. */
  seal(records: readonly AuditRecord[]): AuditEntry[];
  /** Appends sealed entries in one statement; they must follow the head (which they then become). */
  write(entries: readonly AuditEntry[]): Promise<void>;
}

function sealEntries(chain: string, head: { seq: number; hash: string }, records: readonly AuditRecord[], keyring: AuditKeyring): AuditEntry[] {
  let { seq, hash: previousHash } = head;
  const recordedAt = new Date();
  return records.map((record): AuditEntry => {
    seq += 1;
    const content = {
      seq,
      recordedAt,
      actorId: record.actor.id,
      actorName: record.actor.name,
      actorRoles: [...record.actor.roles],
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      changes: JSON.parse(JSON.stringify(record.changes)) as FieldChanges,
      reason: record.reason ?? null,
      requestId: record.requestId ?? null,
    };
    const hash = entryHash(auditEntryContent(content), previousHash);
    const entry: AuditEntry = { chain, ...content, previousHash, hash, ...keyring.sign(chain, seq, hash) };
    previousHash = entry.hash;
    return entry;
  });
}

/**
 * One subgraph's audit trail: append-only entries in its own schema, each sealed with the SHA-256 of its
 * content and of the entry before it. Entries are written in the caller's transaction, so a change and its
 * entry commit or roll back together.
 */
export class AuditTrail {
  constructor(
    private readonly dataSource: DataSource,
    readonly schema: string,
    /** Signs new entries and checks stored ones; the process's installed keyring unless given. */
    private readonly keyring?: AuditKeyring,
  ) {}

  private get keys(): AuditKeyring {
    return this.keyring ?? auditKeyring();
  }

  private get table(): string {
    return `"${this.schema}".audit_entry`;
  }

  /** Appends an entry inside the caller's transaction; writers of one trail take turns until they commit. */
  async record(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    return (await this.recordMany(manager, [record]))[0];
  }

  /**
   * Appends entries in the given order in one statement, inside the caller's transaction: the same chain as
   * recording them one by one (consecutive seq, each sealed with the hash of the one before).
   */
  async recordMany(manager: EntityManager, records: readonly AuditRecord[]): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    const turn = await this.takeTurn(manager);
    const entries = turn.seal(records);
    await turn.write(entries);
    return entries;
  }

  /**
   * The trail's turn in the caller's transaction (held until it ends) and where the chain stands. For a bulk
   * writer that seals its entries (CPU) while the database stores the records they describe: seal, await its
   * own statement, write.
   */
  async takeTurn(manager: EntityManager): Promise<AuditTurn> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries are written inside the transaction of the change they record');
    await lockKeyUntilCommit(manager, `audit:${this.schema}`);
    const [last]: Array<{ seq: string; hash: string }> = await manager.query(`SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1`);
    let head = { seq: last ? Number(last.seq) : 0, hash: last?.hash ?? GENESIS_HASH };
    return {
      seal: (records) => sealEntries(this.schema, head, records, this.keys),
      write: async (entries) => {
        if (entries.length === 0) return;
        if (entries[0].seq !== head.seq + 1 || entries[0].previousHash !== head.hash) throw new Error('audit entries must follow the head of the chain they were sealed on');
        // One JSON document rather than an array per column: measured faster for thousands of entries (BENCHMARKS.md).
        await manager.query(
          `INSERT INTO ${this.table} (seq, recorded_at, actor_id, actor_name, actor_roles, action, entity_type, entity_id, changes, reason, request_id, previous_hash, hash, key_id, signature)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(seq bigint, recorded_at timestamptz, actor_id text, actor_name text, actor_roles jsonb, action text,
             entity_type text, entity_id text, changes jsonb, reason text, request_id text, previous_hash text, hash text, key_id text, signature text)`,
          [JSON.stringify(entries.map((e) => ({
            seq: e.seq, recorded_at: e.recordedAt, actor_id: e.actorId, actor_name: e.actorName, actor_roles: e.actorRoles, action: e.action, entity_type: e.entityType,
            entity_id: e.entityId, changes: e.changes, reason: e.reason, request_id: e.requestId, previous_hash: e.previousHash, hash: e.hash,
            key_id: e.keyId, signature: e.signature,
          })))],
        );
        const last = entries[entries.length - 1];
        head = { seq: last.seq, hash: last.hash };
      },
    };
  }

  /**
   * Entries about one record, oldest first. A trail whose records are audited together in one entry (a call's
   * readings in one ReadingBatch entry) names the entries holding a record with the function
   * `<schema>.audit_containers(entity_type, entity_id)`; those entries come too, their rows narrowed to the record's.
   */
  async entriesFor(entityType: string, entityId: string, manager?: EntityManager): Promise<AuditEntry[]> {
    const runner = manager ?? this.dataSource.manager;
    const containers = await this.hasContainers(runner);
    const rows: Array<AuditEntryRow & { contains: boolean }> = await runner.query(
      containers
        ? `SELECT *, false AS contains FROM ${this.table} WHERE entity_type = $1 AND entity_id = $2
           UNION ALL
           SELECT e.*, true AS contains FROM "${this.schema}".audit_containers($1, $2) c JOIN ${this.table} e ON e.entity_type = c.entity_type AND e.entity_id = c.entity_id
           ORDER BY seq`
        : `SELECT *, false AS contains FROM ${this.table} WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq`,
      [entityType, entityId],
    );
    return rows.map(({ contains, ...row }) => {
      const entry = auditEntryFromRow(this.schema, row);
      return contains ? narrowedToMember(entry, entityId) : entry;
    });
  }

  private containers?: Promise<boolean>;

  /** Whether this trail audits records together (it has an `audit_containers` function); asked once. */
  private hasContainers(runner: Pick<EntityManager, 'query'>): Promise<boolean> {
    this.containers ??= runner
      .query(`SELECT to_regprocedure($1) IS NOT NULL AS found`, [`"${this.schema}".audit_containers(text, text)`])
      .then((rows: Array<{ found: boolean }>) => rows[0].found)
      .catch((error: unknown) => {
        this.containers = undefined;
        throw error;
      });
    return this.containers;
  }

  /** Entries about many records in one query (a page of lots and their histories), oldest first. */
  async entriesForRecords(records: ReadonlyArray<{ entityType: string; entityId: string }>): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    const rows: AuditEntryRow[] = await this.dataSource.query(
      `SELECT * FROM ${this.table}
       WHERE (entity_type, entity_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY seq`,
      [records.map((r) => r.entityType), records.map((r) => r.entityId)],
    );
    return rows.map((row) => auditEntryFromRow(this.schema, row));
  }

  /** Entries after a position of the chain, oldest first, at most `limit`. */
  async entriesAfter(seq: number, limit: number): Promise<AuditEntry[]> {
    const rows: AuditEntryRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} WHERE seq > $1 ORDER BY seq LIMIT $2`, [seq, limit]);
    return rows.map((row) => auditEntryFromRow(this.schema, row));
  }

  /** The entry at one position of the chain, as it is stored now. */
  async entryAt(seq: number): Promise<AuditEntry | null> {
    const [row]: AuditEntryRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} WHERE seq = $1`, [seq]);
    return row ? auditEntryFromRow(this.schema, row) : null;
  }

  /**
   * Walks the whole chain in order and reports the first entry that does not hold: changed after it was
   * written (its hash no longer matches its content), not following the entry before it (entries removed,
   * inserted or reordered), or not signed by a trusted audit key (forged). Entries from before entries were
   * signed hold only when a signed entry follows them: its signature covers them through the chain.
   */
  async verify(keyring: AuditKeyring = this.keys): Promise<ChainVerification> {
    const { unsealed, ...walked } = await this.walk(keyring);
    if (!walked.ok || unsealed === 0) return walked;
    const reason = `entries 1 to ${unsealed} are not signed: the trail predates signed audit entries and was not sealed; run npx lotgraph migrate (or start the hub) with the audit key to seal it`;
    return { ok: false, count: 0, headHash: GENESIS_HASH, firstBroken: { seq: 1, reason } };
  }

  /** The chain walked; `unsealed` counts the unsigned entries no signed entry follows (a trail not yet sealed). */
  private async walk(keyring: AuditKeyring, runner: Pick<EntityManager, 'query'> = this.dataSource): Promise<ChainVerification & { unsealed: number }> {
    let expectedSeq = 1;
    let previousHash = GENESIS_HASH;
    let signedSeen = false;
    for (;;) {
      const rows: AuditEntryRow[] = await runner.query(`SELECT * FROM ${this.table} WHERE seq >= $1 ORDER BY seq LIMIT ${VERIFY_PAGE}`, [expectedSeq]);
      for (const row of rows.map((r) => auditEntryFromRow(this.schema, r))) {
        const broken = (reason: string) => ({ ok: false, count: expectedSeq - 1, headHash: previousHash, firstBroken: { seq: expectedSeq, reason }, unsealed: 0 });
        if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing: the entry after ${expectedSeq - 1} is ${row.seq}`);
        if (row.previousHash !== previousHash) {
          return broken(`entry ${row.seq} does not follow entry ${row.seq - 1}: entries were removed, inserted or reordered`);
        }
        if (entryHash(auditEntryContent(row), row.previousHash) !== row.hash) {
          return broken(`entry ${row.seq} was changed after it was written: its content no longer matches its hash`);
        }
        // Unsigned entries may only come before the first signed one (a trail from before entries were signed).
        if (row.signature !== null || signedSeen) {
          const problem = keyring.problem(row);
          if (problem) return broken(problem);
          signedSeen = true;
        }
        previousHash = row.hash;
        expectedSeq += 1;
      }
      if (rows.length < VERIFY_PAGE) {
        return { ok: true, count: expectedSeq - 1, headHash: previousHash, firstBroken: null, unsealed: signedSeen ? 0 : expectedSeq - 1 };
      }
    }
  }

  /**
   * Seals a trail written before entries were signed: appends one signed entry whose signature covers every
   * entry before it through the hash chain. Nothing to do for a trail that is empty or already signed; a
   * broken chain is refused, which a signature would only bless.
   */
  async sealUnsignedHistory(actor: Identity): Promise<AuditEntry | null> {
    return this.dataSource.transaction(async (manager) => {
      const turn = await this.takeTurn(manager);
      const walked = await this.walk(this.keys, manager);
      if (!walked.ok) throw new Error(`the ${this.schema} audit trail is not sealed: it is BROKEN at entry ${walked.firstBroken!.seq}: ${walked.firstBroken!.reason}`);
      if (walked.unsealed === 0) return null;
      const [entry] = turn.seal([{
        actor,
        action: 'SEAL_UNSIGNED_ENTRIES',
        entityType: 'AuditTrail',
        entityId: this.schema,
        changes: { sealedEntries: { new: walked.unsealed }, sealedHeadHash: { new: walked.headHash } },
        reason: 'Audit entries are signed from here on; this signature covers the entries written before, through the hash chain',
      }]);
      await turn.write([entry]);
      return entry;
    });
  }
}

/**
 * An entry that holds many records as a table (`{ columns, rows }` with an `id` column, as a ReadingBatch entry
 * holds its readings), with only the member's row: a call's entry holds up to 5,000.
 */
export function narrowedToMember(entry: AuditEntry, memberId: string): AuditEntry {
  const changes: FieldChanges = {};
  for (const [field, change] of Object.entries(entry.changes)) {
    const table = change.new as { columns?: unknown; rows?: unknown } | null | undefined;
    const id = Array.isArray(table?.columns) ? table.columns.indexOf('id') : -1;
    changes[field] =
      id >= 0 && Array.isArray(table!.rows)
        ? { ...change, new: { columns: table!.columns, rows: (table!.rows as unknown[][]).filter((row) => row[id] === memberId) } }
        : change;
  }
  return { ...entry, changes };
}
