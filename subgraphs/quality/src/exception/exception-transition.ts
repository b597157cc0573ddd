import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { describeRoles, type AuditTrail, type Identity, type Role } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { ExceptionStatus, QualityExceptionEntity } from './quality-exception.entity';
import { assertCanMove } from './exception-status';
import type { ExceptionEvents } from '../notification/exception-events';

export interface StatusMove {
  to: ExceptionStatus;
  actor: Identity;
  /** The audit action, e.g. ACKNOWLEDGE_EXCEPTION. */
  action: string;
  /** Further fields the move sets (acknowledgedAt, verifiedBy, ...), audited with the status. */
  stamps?: Partial<QualityExceptionEntity>;
  reason?: string | null;
  requestId?: string | null;
  detail: string;
}

/** The severity policy's roles for one step: refused, naming who may, when the caller holds none of them. */
export function requirePolicyRole(actor: Identity, roles: readonly Role[], action: string): void {
  if (actor.roles.some((role) => roles.includes(role))) return;
  throw new GraphQLError(`${actor.id} (${actor.roles.join(', ')}) may not ${action}; that needs ${describeRoles(roles)}`, {
    extensions: { code: 'FORBIDDEN', needed: roles },
  });
}

/** Moves an exception one step through its workflow, audited and published in the caller's transaction. */
export class ExceptionTransitions {
  constructor(
    private readonly exceptions: QualityExceptionRepository,
    private readonly audit: AuditTrail,
    private readonly events: ExceptionEvents,
  ) {}

  async move(manager: EntityManager, exception: QualityExceptionEntity, move: StatusMove): Promise<QualityExceptionEntity> {
    const from = exception.status;
    assertCanMove(exception.number, from, move.to);
    Object.assign(exception, move.stamps ?? {}, { status: move.to });
    const saved = await this.exceptions.save(exception, manager);
    const stamped = Object.fromEntries(Object.entries(move.stamps ?? {}).map(([field, value]) => [field, { new: value }]));
    await this.audit.record(manager, {
      actor: move.actor,
      action: move.action,
      entityType: 'QualityException',
      entityId: exception.number,
      changes: { status: { old: from, new: move.to }, ...stamped },
      reason: move.reason ?? null,
      requestId: move.requestId ?? null,
    });
    await this.events.publish(manager, { type: 'exception.status-changed', exception: saved, previousStatus: from, detail: move.detail });
    return saved;
  }
}
