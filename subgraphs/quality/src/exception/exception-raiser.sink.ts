import type { EntityManager } from 'typeorm';
import type { Outbox } from '@lotgraph/server';
import type { ViolationSink } from '../rule/violation-sink';
import type { QualityRule } from '../rule/quality-rule.repository';
import type { RuleViolation } from '../rule/rule-violation.repository';

export const RAISE_EXCEPTION_TOPIC = 'quality.raiseException';

/**
 * Asks for an exception for each violation found or extended, in the transaction that stored it: the request
 * waits in the outbox until the affected lots have been looked up in the batch domain (which may be down), so a
 * violation is never left without its exception. Each extension asks again: the burst may have reached new lots.
 */
export class ExceptionRaiserSink implements ViolationSink {
  private wake: () => void = () => undefined;
  private pending = false;

  constructor(private readonly outbox: Outbox) {}

  onRequested(wake: () => void): void {
    this.wake = wake;
  }

  async violationFound(event: { violation: RuleViolation; rule: QualityRule; isNew: boolean }, manager: EntityManager): Promise<void> {
    const { violation } = event;
    await this.outbox.enqueue(manager, {
      topic: RAISE_EXCEPTION_TOPIC,
      key: `raise:${violation.id}:${violation.evidence.length}`,
      subject: violation.id,
      payload: { violationId: violation.id },
    });
    this.pending = true;
  }

  afterCommit(): void {
    if (!this.pending) return;
    this.pending = false;
    this.wake();
  }
}
