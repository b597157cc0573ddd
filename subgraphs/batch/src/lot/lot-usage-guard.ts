import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { auditedRecordType } from '@lotgraph/schema';
import { reconcileRecords, type AuditTrail, type Identity, type RecordMismatch } from '@lotgraph/server';
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

/** Thrown inside a transaction when a lot's row disagrees with its audit trail; recorded after the rollback. */
class RowDisagrees extends Error {
  constructor(
    readonly lot: LotEntity,
    readonly use: LotUse | 'RELEASE',
    readonly mismatch: RecordMismatch,
  ) {
    super(mismatch.reason);
  }
}

const USE_WORDS: Record<LotUse | 'RELEASE', string> = { CONSUME: 'consumed', MOVE: 'moved', SHIP: 'shipped', RELEASE: 'released' };

function disagreementError({ lot, use, mismatch }: RowDisagrees): GraphQLError {
  return new GraphQLError(`Lot ${lot.lotNumber} cannot be ${USE_WORDS[use]}: ${mismatch.reason}. Its record must be put right (and the change audited) first`, {
    extensions: {
      code: 'RECORD_DISAGREES_WITH_TRAIL',
      lotNumber: lot.lotNumber,
      field: mismatch.field,
      rowValue: mismatch.rowValue,
      trailValue: mismatch.trailValue,
      entrySeq: mismatch.seq,
    },
  });
}

/**
 * Inside guarded work, on the locked lot: stops the work when the lot's row does not say what its audit trail says
 * (a status or quantity changed in the database behind LotGraph), then when its status forbids the use.
 */
export async function requireUsable(lot: LotEntity, use: LotUse, manager: EntityManager): Promise<void> {
  await requireTrailAgrees(lot, use, manager);
  if (!isUsable(lot.status, use)) throw new RefusedUse(lot, use);
}

/** Stops the work when the lot's row disagrees with its audit trail (checked in the caller's transaction). */
export async function requireTrailAgrees(lot: LotEntity, use: LotUse | 'RELEASE', manager: EntityManager): Promise<void> {
  const [mismatch] = await reconcileRecords(manager, auditedRecordType('Lot'), [lot.lotNumber]);
  if (mismatch) throw new RowDisagrees(lot, use, mismatch);
}

/**
 * Runs work in which requireTrailAgrees may refuse a lot: the refusal rolls the work back, is audited on the lot
 * in its own transaction, and reaches the caller as RECORD_DISAGREES_WITH_TRAIL naming the field.
 */
export async function guardLotTrail<R>(
  transaction: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  audit: AuditTrail,
  attempt: { reference: string; actor: Identity; requestId: string },
  work: () => Promise<R>,
): Promise<R> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof RowDisagrees)) throw err;
    await transaction((manager) =>
      audit.record(manager, {
        actor: attempt.actor,
        action: 'USE_REFUSED',
        entityType: 'Lot',
        entityId: err.lot.lotNumber,
        changes: { attemptedUse: { new: err.use }, reference: { new: attempt.reference } },
        reason: err.mismatch.reason,
        requestId: attempt.requestId,
      }),
    );
    throw disagreementError(err);
  }
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
    return await guardLotTrail((run) => refusals.transaction(run), audit, attempt, work);
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
