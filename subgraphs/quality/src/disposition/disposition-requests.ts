import type { EntityManager } from 'typeorm';
import type { Outbox, OutboxMessage } from '@lotgraph/server';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { DispositionDecision } from './disposition';

export const APPLY_DISPOSITION_TOPIC = 'batch.applyDisposition';

/** What batch's applyDisposition is sent for one disposition. */
export interface ApplyDispositionRequest {
  lotNumber: string;
  exceptionNumber: string;
  decision: DispositionDecision;
  reason: string;
}

/** How a disposition's delivery to batch went, as LotDisposition shows it. */
export interface DispositionDelivery {
  lotNumber: string;
  appliedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

const toDelivery = (message: OutboxMessage): DispositionDelivery => ({
  lotNumber: String(message.payload.lotNumber),
  appliedAt: message.deliveredAt,
  attempts: message.attempts,
  lastError: message.lastError,
});

/** Dispositions to apply in the batch domain, written to the quality outbox in the disposition's transaction. */
export class DispositionRequests {
  private wake: () => void = () => undefined;

  constructor(private readonly outbox: Outbox) {}

  onRequested(wake: () => void): void {
    this.wake = wake;
  }

  async request(manager: EntityManager, exception: QualityExceptionEntity, request: ApplyDispositionRequest): Promise<void> {
    await this.outbox.enqueue(manager, {
      topic: APPLY_DISPOSITION_TOPIC,
      key: `disposition:${exception.number}:${request.lotNumber}`,
      subject: exception.id,
      payload: { ...request },
    });
  }

  deliverSoon(): void {
    this.wake();
  }

  async forExceptions(exceptionIds: readonly string[], manager?: EntityManager): Promise<Array<{ key: string; row: DispositionDelivery }>> {
    const messages = await this.outbox.findBySubject(exceptionIds, manager);
    return messages.filter((m) => m.topic === APPLY_DISPOSITION_TOPIC).map((m) => ({ key: m.subject!, row: toDelivery(m) }));
  }
}
