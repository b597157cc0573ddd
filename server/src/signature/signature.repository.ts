import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../auth/roles';
import type { ESignature, SignatureMeaning } from './signature';

type Row = {
  id: string;
  entity_type: string;
  entity_id: string;
  meaning: SignatureMeaning;
  signer_id: string;
  printed_name: string;
  signer_roles: Role[];
  signed_at: Date | string;
  content_hash: string;
  reason: string | null;
  request_id: string | null;
};

const toSignature = (row: Row): ESignature => ({
  id: row.id,
  entityType: row.entity_type,
  entityId: row.entity_id,
  meaning: row.meaning,
  signerId: row.signer_id,
  printedName: row.printed_name,
  signerRoles: row.signer_roles,
  signedAt: new Date(row.signed_at),
  contentHash: row.content_hash,
  reason: row.reason,
  requestId: row.request_id,
});

/** One subgraph's e-signatures, in its own schema (created by createSignatureTable). */
export class SignatureRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private get table(): string {
    return `"${this.schema}".e_signature`;
  }

  async insert(manager: EntityManager, signature: Omit<ESignature, 'id'>): Promise<ESignature> {
    const [row]: Row[] = await manager.query(
      `INSERT INTO ${this.table} (entity_type, entity_id, meaning, signer_id, printed_name, signer_roles, signed_at, content_hash, reason, request_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10) RETURNING *`,
      [signature.entityType, signature.entityId, signature.meaning, signature.signerId, signature.printedName, JSON.stringify(signature.signerRoles),
        signature.signedAt, signature.contentHash, signature.reason, signature.requestId],
    );
    return toSignature(row);
  }

  /** Signatures of many records of one type in one query, oldest first. */
  async findFor(entityType: string, entityIds: readonly string[], manager?: EntityManager): Promise<ESignature[]> {
    if (entityIds.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query(
      `SELECT * FROM ${this.table} WHERE entity_type = $1 AND entity_id = ANY($2::text[]) ORDER BY signed_at, id`,
      [entityType, [...entityIds]],
    );
    return rows.map(toSignature);
  }
}
