import { createHmac } from 'node:crypto';
import { deterministicUuid } from '@lotgraph/server';
import type { NotificationEventType } from './exception-events';

export const WEBHOOK_TOPIC = 'notify.webhook';

/** One event for one endpoint, as the outbox keeps it until delivered. */
export interface WebhookRequest {
  endpointId: string;
  endpointName: string;
  eventId: string;
  type: NotificationEventType;
  /** Null for a CAPA event. */
  exceptionNumber: string | null;
  /** A CAPA event's CAPA; absent from deliveries asked for before CAPA events. */
  capaNumber?: string | null;
}

export const webhookKey = (endpointId: string, eventId: string) => `webhook:${endpointId}:${eventId}`;

/** X-LotGraph-Delivery: the same for every attempt of one event to one endpoint, so receivers de-duplicate. */
export const deliveryId = (endpointId: string, eventId: string) => deterministicUuid('webhook-delivery', endpointId, eventId);

/** X-LotGraph-Signature: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the endpoint's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
