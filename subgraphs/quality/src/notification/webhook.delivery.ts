import type { OutboxDelivery, OutboxMessage } from '@lotgraph/server';
import type { ExceptionEventRepository, StoredEvent } from './exception-event.repository';
import type { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WEBHOOK_TOPIC, deliveryId, signWebhook, type WebhookRequest } from './webhook-request';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const BODY_EXCERPT = 300;

/** The JSON a webhook receives (and the live stream's `data`): the exception's summary, or the CAPA's and what happened. */
export function eventBody(event: StoredEvent): Record<string, unknown> {
  const head = { eventId: event.id, type: event.type, occurredAt: event.occurredAt.toISOString() };
  return event.capaNumber === null ? { ...head, exception: event.exception } : { ...head, capa: event.capa, detail: event.detail };
}

/**
 * POSTs one event (of an exception or a CAPA) to one webhook endpoint, signed with the endpoint's secret. Anything but a 2xx
 * answer within the timeout is a failure: kept on the outbox message with the status and the start of the
 * body, and tried again with the outbox's backoff. The delivery id is the same on every attempt.
 */
export class WebhookDelivery implements OutboxDelivery {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly log: ExceptionEventRepository,
    private readonly timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    if (message.topic !== WEBHOOK_TOPIC) throw new Error(`no delivery for outbox topic ${message.topic}`);
    const request = message.payload as unknown as WebhookRequest;
    const endpoint = await this.endpoints.findById(request.endpointId);
    if (!endpoint) throw new Error(`webhook ${request.endpointName} is not known`);
    // Kept waiting, not dropped: registering the webhook again enables it and sends what waited.
    if (!endpoint.enabled) throw new Error(`webhook ${endpoint.name} is disabled; not sent`);
    const event = await this.log.findById(request.eventId);
    if (!event) throw new Error(`event ${request.eventId} is not known`);
    const body = JSON.stringify(eventBody(event));
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'LotGraph-Webhook/1',
          'x-lotgraph-event': event.type,
          'x-lotgraph-delivery': deliveryId(endpoint.id, event.id),
          'x-lotgraph-timestamp': timestamp,
          'x-lotgraph-signature': signWebhook(endpoint.secret, timestamp, body),
        },
        body,
        // A redirect is an answer, not a delivery: the receiver's URL should be registered as it is.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const error = err as Error;
      const reason = error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : ((error.cause as Error | undefined)?.message ?? error.message);
      throw new Error(`POST ${endpoint.url}: ${reason}`);
    }
    const text = await response.text().catch(() => '');
    if (response.status < 200 || response.status > 299) {
      throw new Error(`POST ${endpoint.url}: HTTP ${response.status}${text ? `: ${text.slice(0, BODY_EXCERPT)}` : ''}`);
    }
  }
}
