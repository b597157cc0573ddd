import { badInput, lockKeyUntilCommit, type AuditTrail, type FieldChanges, type Identity, type Outbox } from '@lotgraph/server';
import type { WebhookEndpointRepository } from './webhook-endpoint.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { validateWebhookInput, type WebhookInput } from './webhook-input';
import { WEBHOOK_TOPIC, deliveryId, type WebhookRequest } from './webhook-request';
import type { NotificationEventType } from './exception-events';

/** One event's delivery to one endpoint, from its outbox message. */
export interface WebhookDeliveryView {
  deliveryId: string;
  event: NotificationEventType;
  eventId: string;
  exceptionNumber: string | null;
  capaNumber: string | null;
  createdAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
}

const sameEvents = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((event, index) => event === b[index]);
const MAX_DELIVERIES = 100;

/** Webhook endpoints as data: registered, changed and disabled through the audit trail; the secret never shown. */
export class WebhookService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** Registers a webhook, or changes (and enables) the one of that name; the same input again changes nothing. */
  async register(raw: WebhookInput, actor: Identity, requestId: string): Promise<WebhookEndpointEntity> {
    const input = validateWebhookInput(raw);
    return this.endpoints.transaction(async (manager) => {
      await lockKeyUntilCommit(manager, `quality.webhook.${input.name}`);
      const existing = await this.endpoints.findByNameForUpdate(input.name, manager);
      const changes: FieldChanges = {};
      if (!existing) {
        Object.assign(changes, {
          webhookName: { new: input.name },
          webhookUrl: { new: input.url },
          webhookEvents: { new: input.events },
          webhookEnabled: { new: true },
          // That a secret was set, never the secret.
          webhookSecret: { new: 'set' },
        });
      } else {
        if (existing.url !== input.url) changes.webhookUrl = { old: existing.url, new: input.url };
        const events = [...existing.events].sort();
        if (!sameEvents(events, input.events)) changes.webhookEvents = { old: events, new: input.events };
        if (!existing.enabled) changes.webhookEnabled = { old: false, new: true };
        if (existing.secret !== input.secret) changes.webhookSecret = { old: 'set', new: 'changed' };
        if (Object.keys(changes).length === 0) return existing;
      }
      const saved = await this.endpoints.save({ ...(existing ?? { createdBy: actor.id }), ...input, enabled: true }, manager);
      await this.audit.record(manager, { actor, action: existing ? 'CHANGE_WEBHOOK' : 'REGISTER_WEBHOOK', entityType: 'Webhook', entityId: input.name, changes, requestId });
      return saved;
    });
  }

  /** Stops sending to a webhook; it is kept (with its delivery log), and registering it again enables it. */
  async disable(name: string, actor: Identity, requestId: string): Promise<WebhookEndpointEntity> {
    return this.endpoints.transaction(async (manager) => {
      const endpoint = await this.endpoints.findByNameForUpdate(name.trim(), manager);
      if (!endpoint) throw badInput('Webhook', 'name', `no webhook is named "${name}"`);
      if (!endpoint.enabled) return endpoint;
      endpoint.enabled = false;
      const saved = await this.endpoints.save(endpoint, manager);
      await this.audit.record(manager, { actor, action: 'DISABLE_WEBHOOK', entityType: 'Webhook', entityId: endpoint.name, changes: { webhookEnabled: { old: true, new: false } }, requestId });
      return saved;
    });
  }

  list(): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.findAll();
  }

  /** The latest deliveries to a webhook, newest first. */
  async deliveries(name: string, first: number | null | undefined): Promise<WebhookDeliveryView[]> {
    const limit = first ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES) throw badInput('WebhookDelivery', 'first', `must be a whole number from 1 to ${MAX_DELIVERIES}`);
    const endpoint = await this.endpoints.findByName(name.trim());
    if (!endpoint) throw badInput('Webhook', 'name', `no webhook is named "${name}"`);
    const messages = await this.outbox.findLatestBySubject(endpoint.id, WEBHOOK_TOPIC, limit);
    return messages.map((message) => {
      const request = message.payload as unknown as WebhookRequest;
      return {
        deliveryId: deliveryId(endpoint.id, request.eventId),
        event: request.type,
        eventId: request.eventId,
        exceptionNumber: request.exceptionNumber,
        capaNumber: request.capaNumber ?? null,
        createdAt: message.createdAt,
        attempts: message.attempts,
        lastAttemptAt: message.lastAttemptAt,
        lastError: message.lastError,
        deliveredAt: message.deliveredAt,
        nextAttemptAt: message.deliveredAt ? null : message.nextAttemptAt,
      };
    });
  }
}
