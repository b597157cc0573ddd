import type { EntityManager } from 'typeorm';
import type { ExceptionStatus, QualityExceptionEntity } from '../exception/quality-exception.entity';

export type ExceptionEventType = 'exception.created' | 'exception.status-changed' | 'exception.lots-added' | 'exception.escalated';
/** What the capa domain tells of its CAPAs (Mutation.publishCapaEvent), through the same log, webhooks and stream. */
export type CapaEventType = 'capa.status-changed' | 'capa.action-overdue';
/** Every type of event the log holds and webhooks subscribe to. */
export type NotificationEventType = ExceptionEventType | CapaEventType;

/** Something that happened to an exception, told to whoever follows exceptions (webhooks, the live stream). */
export interface ExceptionEvent {
  type: ExceptionEventType;
  exception: QualityExceptionEntity;
  /** Status before a status change. */
  previousStatus?: ExceptionStatus;
  /** Lot numbers of the affected lots (all of them, or those just added). */
  lotNumbers?: readonly string[];
  /** A sentence on what happened, for people. */
  detail?: string;
}

/** Publishes exception events in the transaction that made the change, so an event is never told for a change rolled back. */
export interface ExceptionEvents {
  publish(manager: EntityManager, event: ExceptionEvent): Promise<void>;
}

export const noExceptionEvents: ExceptionEvents = {
  publish: () => Promise.resolve(),
};
