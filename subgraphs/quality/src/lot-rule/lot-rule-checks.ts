import type { EntityManager } from 'typeorm';
import type { Identity } from '@lotgraph/server';
import type { InspectionEntity } from '../inspection/inspection.entity';
import type { LotUsageRefusal } from './lot-usage-refusal.repository';

/** Who recorded what is judged: findings are written in their name, in their transaction. */
export interface Recorder {
  actor: Identity;
  requestId: string | null;
}

/** Judges what is recorded about a lot by the lot rules, in the transaction that records it. */
export interface LotRuleChecks {
  inspectionRecorded(inspection: InspectionEntity, by: Recorder, manager: EntityManager): Promise<void>;
  refusalRecorded(refusal: LotUsageRefusal, by: Recorder, manager: EntityManager): Promise<void>;
  /** Told once the recording transaction has committed (what the findings set off may start now). */
  afterCommit(): void;
}

export const noLotRuleChecks: LotRuleChecks = {
  inspectionRecorded: () => Promise.resolve(),
  refusalRecorded: () => Promise.resolve(),
  afterCommit: () => undefined,
};
