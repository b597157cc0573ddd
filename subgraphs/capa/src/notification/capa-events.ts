import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Outbox } from '@lotgraph/server';
import type { CapaEntity } from '../capa/capa.entity';
import type { CapaStatus } from '../capa/capa-status';
import type { CapaActionEntity } from '../action/capa-action.entity';
import type { CapaSourceRepository } from '../source/capa-source.repository';

export const CAPA_EVENT_TOPIC = 'quality.capaEvent';

/** What the quality domain's publishCapaEvent takes: a CAPA event for its webhooks and live stream. */
export interface CapaEventInput {
  /** The outbox message's key: the same event told twice is published once. */
  eventKey: string;
  type: 'CAPA_STATUS_CHANGED' | 'CAPA_ACTION_OVERDUE';
  capaNumber: string;
  title: string;
  status: CapaStatus;
  previousStatus: CapaStatus | null;
  exceptionNumbers: string[];
  detail: string;
  action: { sequence: number; description: string; owner: string; dueOn: string | null } | null;
}

/**
 * CAPA events, written to the capa outbox in the transaction of the change they tell of, and delivered to the
 * quality domain's notifications (webhooks, the live stream) by the capa.notifier system user.
 */
export class CapaEvents {
  private wake: () => void = () => undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly sources: CapaSourceRepository,
  ) {}

  /** What delivers the events, told once a transaction that wrote some has committed. */
  onRequested(wake: () => void): void {
    this.wake = wake;
  }

  deliverSoon(): void {
    this.wake();
  }

  /** previousStatus null: the CAPA was just opened. */
  async statusChanged(manager: EntityManager, capa: CapaEntity, previousStatus: CapaStatus | null, detail: string): Promise<void> {
    await this.publish(manager, capa, { type: 'CAPA_STATUS_CHANGED', previousStatus, detail, action: null });
  }

  async actionOverdue(manager: EntityManager, capa: CapaEntity, action: CapaActionEntity, detail: string): Promise<void> {
    await this.publish(manager, capa, {
      type: 'CAPA_ACTION_OVERDUE', previousStatus: null, detail,
      action: { sequence: action.sequence, description: action.description, owner: action.owner, dueOn: action.dueOn },
    });
  }

  private async publish(manager: EntityManager, capa: CapaEntity, event: Pick<CapaEventInput, 'type' | 'previousStatus' | 'detail' | 'action'>): Promise<void> {
    const exceptionNumbers = (await this.sources.findByCapaIds([capa.id], manager)).flatMap((s) => (s.exceptionNumber ? [s.exceptionNumber] : []));
    const eventKey = `capa-event:${capa.number}:${randomUUID()}`;
    const payload: CapaEventInput = { eventKey, capaNumber: capa.number, title: capa.title, status: capa.status, exceptionNumbers, ...event };
    await this.outbox.enqueue(manager, { topic: CAPA_EVENT_TOPIC, key: eventKey, subject: capa.id, payload: { ...payload } });
  }
}
