import { badInput } from '@lotgraph/server';
import type { NotificationEventType } from './exception-events';

export interface WebhookInput {
  name: string;
  url: string;
  secret: string;
  events: NotificationEventType[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 512;

/** The input as it is kept (name and URL trimmed, events in a stable order), or BAD_USER_INPUT naming the field. */
export function validateWebhookInput(input: WebhookInput): WebhookInput {
  const name = input.name.trim();
  if (!NAME.test(name)) throw badInput('Webhook', 'name', `"${input.name}" is not a webhook name: 1-64 letters, digits, dot, dash or underscore`);
  const url = input.url.trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('Webhook', 'url', `"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badInput('Webhook', 'url', `${parsed.protocol} is not allowed; give an http or https URL`);
  // The URL is shown to every reader of `webhooks`: credentials belong in the secret, not in it.
  if (parsed.username || parsed.password) throw badInput('Webhook', 'url', 'must not carry a user name or password');
  if (input.secret.length < MIN_SECRET_LENGTH) throw badInput('Webhook', 'secret', `must be at least ${MIN_SECRET_LENGTH} characters`);
  if (input.secret.length > MAX_SECRET_LENGTH) throw badInput('Webhook', 'secret', `must be at most ${MAX_SECRET_LENGTH} characters`);
  if (input.events.length === 0) throw badInput('Webhook', 'events', 'name at least one event type');
  const events = [...new Set(input.events)].sort();
  return { name, url, secret: input.secret, events };
}
