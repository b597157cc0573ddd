import type { AuditTrail, Identity } from '@lotgraph/server';
import type { LotEntity } from './lot.entity';
import type { LotUsageRefusalRepository } from './lot-usage-refusal.repository';
import { assertUsable, isUsable, type LotUse } from './lot-status';

/** Thrown inside a transaction when a lot's status forbids a use; recorded after the rollback. */
class RefusedUse extends Error {
  constructor(
    readonly lot: LotEntity,
    readonly use: LotUse,
  ) {
    super(`lot ${lot.lotNumber} is ${lot.status}`);
  }
}

/** Inside guarded work: stops the work when the lot's status forbids the use. */
export function requireUsable(lot: LotEntity, use: LotUse): void {
  if (!isUsable(lot.status, use)) throw new RefusedUse(lot, use);
}

/**
 * Runs work (a transaction) in which requireUsable may refuse a lot. A refused attempt rolls the work back,
 * is kept in lot_usage_refusal and told to the quality domain through the batch outbox, and reaches the caller as
 * a LOT_NOT_USABLE error.
 */
export async function guardLotUse<R>(
  refusals: LotUsageRefusalRepository,
  audit: AuditTrail,
  attempt: { reference: string; actor: Identity; requestId: string },
  work: () => Promise<R>,
): Promise<R> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof RefusedUse)) throw err;
    await refusals.transaction(async (manager) => {
      await refusals.saveAndTell(
        { lotId: err.lot.id, attemptedUse: err.use, lotStatus: err.lot.status, reference: attempt.reference, attemptedBy: attempt.actor.id, requestId: attempt.requestId },
        err.lot.lotNumber,
        manager,
      );
      await audit.record(manager, {
        actor: attempt.actor,
        action: 'USE_REFUSED',
        entityType: 'Lot',
        entityId: err.lot.lotNumber,
        changes: { attemptedUse: { new: err.use }, status: { old: err.lot.status }, reference: { new: attempt.reference } },
        requestId: attempt.requestId,
      });
    });
    refusals.told();
    assertUsable(err.lot.lotNumber, err.lot.status, err.use);
    throw err;
  }
}
