import type { EntityManager } from 'typeorm';
import type { AuditTrail, FieldChanges, Identity } from '@lotgraph/server';
import type { CapaEntity } from './capa.entity';
import type { CapaRepository } from './capa.repository';
import { assertCanMove, type CapaStatus } from './capa-status';
import type { CapaEvents } from '../notification/capa-events';

export interface CapaMove {
  to: CapaStatus;
  actor: Identity;
  /** The audit entry's action, e.g. APPROVE_CAPA_PLAN. */
  action: string;
  /** Fields set with the move (stamps such as closedAt), recorded with the status change. */
  set?: Partial<CapaEntity>;
  changes?: FieldChanges;
  reason?: string | null;
  requestId: string | null;
  /** The move in a sentence, for the CAPA event. */
  detail: string;
}

/** Moves a CAPA along its workflow in the caller's transaction: checked, saved, audited and told (capa events). */
export class CapaTransitions {
  constructor(
    private readonly capas: CapaRepository,
    private readonly audit: AuditTrail,
    private readonly events: CapaEvents,
  ) {}

  async move(manager: EntityManager, capa: CapaEntity, move: CapaMove): Promise<CapaEntity> {
    const from = capa.status;
    assertCanMove(capa.number, from, move.to);
    const saved = await this.capas.save({ ...capa, ...move.set, status: move.to }, manager);
    await this.audit.record(manager, {
      actor: move.actor, action: move.action, entityType: 'Capa', entityId: capa.number,
      changes: { status: { old: from, new: move.to }, ...move.changes }, reason: move.reason ?? null, requestId: move.requestId,
    });
    await this.events.statusChanged(manager, saved, from, move.detail);
    return saved;
  }
}
