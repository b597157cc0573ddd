import type { DataSource } from 'typeorm';
import { AUDITED_RECORDS, type AuditedRecordType } from '@lotgraph/schema';
import { reconcileAll, type RecordMismatch } from './record-reconciler';
import { GENESIS_HASH } from './audit-hash';
import { AuditTrail, type AuditEntry, type ChainVerification } from './audit-trail';
import type { AuditKeyring } from './audit-keyring';

/**
 * One trail's verification, named. `headSeq` is the last entry that holds (equal to `count`). `ok` also needs every
 * record the trail audits to say in its row what its entries say (`mismatches`, the first 100 of `mismatchCount`).
 */
export interface ChainStatus extends ChainVerification {
  schema: string;
  headSeq: number;
  mismatches: RecordMismatch[];
  mismatchCount: number;
}

const MISMATCHES_LISTED = 100;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Reads the audit trails of several subgraphs at once. Every subgraph keeps its trail in its own schema of
 * one database, so one DataSource reaches them all: a record's entries across trails, and every chain's
 * verification.
 */
export class AuditReader {
  readonly trails: readonly AuditTrail[];

  constructor(
    private readonly dataSource: DataSource,
    schemas: readonly string[],
    /** The records checked against the trails (those of these schemas). */
    private readonly records: readonly AuditedRecordType[] = AUDITED_RECORDS,
  ) {
    for (const schema of schemas) if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: "${schema}"`);
    this.trails = schemas.map((schema) => new AuditTrail(dataSource, schema));
  }

  trail(schema: string): AuditTrail | undefined {
    return this.trails.find((trail) => trail.schema === schema);
  }

  /** The schemas whose audit table exists (a trail's table dropped by someone is reported, not skipped). */
  private async existing(): Promise<Set<string>> {
    const rows: Array<{ schema: string }> = await this.dataSource.query(
      `SELECT s.schema FROM unnest($1::text[]) AS s(schema) WHERE to_regclass(format('%I.audit_entry', s.schema)) IS NOT NULL`,
      [this.trails.map((trail) => trail.schema)],
    );
    return new Set(rows.map((row) => row.schema));
  }

  /** Every entry about one record in any trail, in the order they were recorded. */
  async entriesFor(entityType: string, entityId: string): Promise<AuditEntry[]> {
    const existing = await this.existing();
    const trails = this.trails.filter((trail) => existing.has(trail.schema));
    const perTrail = await Promise.all(trails.map((trail) => trail.entriesFor(entityType, entityId)));
    return perTrail
      .flat()
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) || a.seq - b.seq);
  }

  /**
   * Walks every chain, checking signatures with the keyring given (an auditor's own keys) or the process's; a chain
   * whose table is gone is broken at its first entry.
   */
  async verifyAll(keyring?: AuditKeyring): Promise<ChainStatus[]> {
    const existing = await this.existing();
    const results: ChainStatus[] = [];
    for (const trail of this.trails) {
      if (!existing.has(trail.schema)) {
        const reason = `the audit table ${trail.schema}.audit_entry does not exist`;
        results.push({ schema: trail.schema, ok: false, count: 0, headSeq: 0, headHash: GENESIS_HASH, firstBroken: { seq: 1, reason }, mismatches: [], mismatchCount: 0 });
        continue;
      }
      const result = await trail.verify(keyring);
      const { mismatches, total } = await this.reconcile(trail.schema);
      results.push({ schema: trail.schema, ...result, ok: result.ok && total === 0, headSeq: result.count, mismatches, mismatchCount: total });
    }
    return results;
  }

  /** Every record the trail of a schema audits, row against trail. */
  private async reconcile(schema: string): Promise<{ mismatches: RecordMismatch[]; total: number }> {
    const mismatches: RecordMismatch[] = [];
    let total = 0;
    for (const type of this.records.filter((record) => record.schema === schema)) {
      const found = await reconcileAll(this.dataSource, type, MISMATCHES_LISTED - mismatches.length);
      mismatches.push(...found.mismatches);
      total += found.total;
    }
    return { mismatches, total };
  }
}
