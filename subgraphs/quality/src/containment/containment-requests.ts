import type { EntityManager } from 'typeorm';
import type { Outbox, OutboxMessage } from '@lotgraph/server';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';

export const HOLD_LOT_TOPIC = 'batch.holdLot';

export interface HoldRequest {
  lotNumber: string;
  reason: string;
  exceptionNumber: string;
}

/** One lot's containment, as QualityException.containment shows it: the outbox message of its hold. */
export interface LotContainment {
  lotNumber: string;
  requestedAt: Date;
  heldAt: Date | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

export function toLotContainment(message: OutboxMessage): LotContainment {
  return {
    lotNumber: String(message.payload.lotNumber),
    requestedAt: message.createdAt,
    heldAt: message.deliveredAt,
    attempts: message.attempts,
    lastError: message.lastError,
    nextAttemptAt: message.deliveredAt ? null : message.nextAttemptAt,
  };
}

/** Hold requests for an exception's lots, written to the quality outbox in the exception's transaction. */
export class ContainmentRequests {
  private wake: () => void = () => undefined;

  constructor(private readonly outbox: Outbox) {}

  /** What delivers the requests, told once a transaction that wrote some has committed. */
  onRequested(wake: () => void): void {
    this.wake = wake;
  }

  async requestHolds(manager: EntityManager, exception: QualityExceptionEntity, lotNumbers: readonly string[]): Promise<void> {
    for (const lotNumber of lotNumbers) {
      const payload: HoldRequest = { lotNumber, exceptionNumber: exception.number, reason: `Contained by quality exception ${exception.number}: ${exception.title}` };
      await this.outbox.enqueue(manager, { topic: HOLD_LOT_TOPIC, key: `hold:${exception.number}:${lotNumber}`, subject: exception.id, payload: { ...payload } });
    }
  }

  deliverSoon(): void {
    this.wake();
  }

  async forExceptions(exceptionIds: readonly string[]): Promise<Array<{ key: string; row: LotContainment }>> {
    const messages = await this.outbox.findBySubject(exceptionIds);
    return messages.filter((m) => m.topic === HOLD_LOT_TOPIC).map((m) => ({ key: m.subject!, row: toLotContainment(m) }));
  }
}
